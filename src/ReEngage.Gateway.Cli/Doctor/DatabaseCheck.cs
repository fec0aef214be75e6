using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>SQLite: PRAGMA quick_check on the data directory's gateway.db. PostgreSQL (a fleet): connection and pending migrations.</summary>
internal sealed class DatabaseCheck : IDoctorCheck
{
    public string Name => "database";

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (string.Equals(context.Setting("Gateway:Database:Provider"), "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            return [await PostgresAsync(context.Setting("Gateway:Database:ConnectionString"), cancellationToken)];
        }

        var directory = context.ResolveDataDirectory();
        var file = Path.Combine(directory, "gateway.db");
        if (!Directory.Exists(directory))
        {
            return [Finding.Fail(Name, directory, CliText.Get("the data directory does not exist"), CliText.Get("Reinstall the package (it creates /var/lib/reengage), or give the gateway's data directory with --data."))];
        }

        if (!File.Exists(file))
        {
            return [Finding.Warn(Name, file, CliText.Get("no database yet"), CliText.Get("Start the gateway once: it creates it (sudo systemctl start reengage-gateway)."))];
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            var lines = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    lines.Add(reader.GetString(0));
                }
            }

            return lines is ["ok"]
                ? [Finding.Ok(Name, file, CliText.Get("quick_check ok ({0:0.0} MB)", new FileInfo(file).Length / 1024.0 / 1024.0))]
                : [Finding.Fail(Name, file, CliText.Get("damaged: {0}", string.Join("; ", lines.Take(3))), Restore())];
        }
        catch (SqliteException ex)
        {
            return [Finding.Fail(Name, file, CliText.Get("cannot be read as SQLite: {0}", ex.Message), Restore())];
        }
    }

    private static string Restore() => CliText.Get("Stop the gateway and restore the last backup (reengage restore <file>); the damaged file is kept as gateway.db.before-restore.");

    private async Task<Finding> PostgresAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return Finding.Fail(Name, "PostgreSQL", CliText.Get("{0} is not set", "Gateway:Database:ConnectionString"), CliText.Get("Set it in /etc/reengage/appsettings.json (README: Fleet)."));
        }

        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5 };
            var subject = $"PostgreSQL {builder.Host}/{builder.Database}";
            await using var connection = new Npgsql.NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using (var command = new Npgsql.NpgsqlCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", connection))
            {
                try
                {
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        applied.Add(reader.GetString(0));
                    }
                }
                catch (Npgsql.PostgresException ex) when (ex.SqlState == "42P01")
                {
                    // No history table yet: every migration is pending.
                }
            }

            var known = typeof(Data.Postgres.PostgresDesignTimeFactory).Assembly.GetTypes()
                .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id).OfType<string>().ToList();
            var pending = known.Where(id => !applied.Contains(id)).ToList();
            return pending.Count == 0
                ? Finding.Ok(Name, subject, CliText.Get("connected, {0} migrations applied", known.Count))
                : Finding.Warn(Name, subject, CliText.Get("connected, {0} migration(s) pending ({1})", pending.Count, pending[^1]), CliText.Get("Start (or restart) one gateway node: it applies them at start."));
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or ArgumentException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return Finding.Fail(Name, "PostgreSQL", CliText.Get("cannot connect: {0}", ex.Message), CliText.Get("Check the server is up and reachable and the connection string (host, user, password) in Gateway:Database:ConnectionString."));
        }
    }
}
