using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/backup: a consistent copy of the appliance's SQLite database; admin only.</summary>
internal static class BackupApi
{
    public static RouteGroupBuilder MapBackup(this RouteGroupBuilder api)
    {
        api.MapGet("/backup", BackupAsync).Produces<byte[]>(StatusCodes.Status200OK, "application/vnd.sqlite3").Problems(409).WithName("Backup").RequireAuthorization(ApiPolicies.AdminOnly)
            .WithSummary("A consistent copy of the database (SQLite's online backup), as a download; admin only. On PostgreSQL (a fleet): 409, back up with pg_dump");
        return api;
    }

    private static async Task BackupAsync(HttpContext context, IOptions<GatewayOptions> options, TimeProvider time)
    {
        if (options.Value.Database.IsPostgres)
        {
            // A fleet's database is the server's to back up, with its own tools.
            await Results.Problem(statusCode: 409, title: "Back up the fleet's database with pg_dump",
                detail: "This gateway stores its data on PostgreSQL (Gateway:Database:Provider=Postgres): back it up on the database server, e.g. pg_dump -Fc -f reengage.dump <database>.").ExecuteAsync(context);
            return;
        }

        var copy = Path.Combine(Path.GetTempPath(), $"reengage-backup-{Guid.NewGuid():N}.db");
        try
        {
            // The online backup API copies a consistent snapshot while the gateway keeps writing.
            await Task.Run(() =>
            {
                using var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={CoreServiceCollectionExtensions.DatabasePath(options.Value)};Mode=ReadOnly;Pooling=False");
                using var target = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
                source.Open();
                target.Open();
                source.BackupDatabase(target);
            }, context.RequestAborted);
            context.Response.ContentType = "application/vnd.sqlite3";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"reengage-{time.GetUtcNow():yyyyMMdd-HHmm}.db\"";
            await context.Response.SendFileAsync(copy, context.RequestAborted);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
