using System.CommandLine;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Cli;

/// <summary><c>reengage db migrate-to-postgres</c>: a single appliance's data into an empty fleet database.</summary>
internal static class DatabaseCommands
{
    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = CliText.Get("The appliance's SQLite database (e.g. /var/lib/reengage/gateway.db)."),
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = CliText.Get("The fleet's PostgreSQL connection string, e.g. \"Host=db.local;Database=reengage;Username=reengage;Password=…\". The database must be empty."),
            Required = true,
        };
        var migrate = new Command("migrate-to-postgres", CliText.Get("Copy every table of a single appliance's database into an empty PostgreSQL database, in one transaction, checked row by row.")) { from, to };
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var source = Path.GetFullPath(parse.GetValue(from)!);
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(parse.GetValue(to));
            }
            catch (ArgumentException ex)
            {
                error.WriteLine(CliText.Get("reengage: --to is not a valid PostgreSQL connection string: {0}", ex.Message));
                return ExitCodes.BadInput;
            }

            try
            {
                var tables = await SqliteToPostgres.CopyAsync(source, parse.GetValue(to)!, output, cancellationToken);
                output.WriteLine(CliText.Get("copied {0} rows in {1} tables from {2}; every row checked. Point each node at it with Gateway:Database:Provider=Postgres.", tables.Sum(t => t.Rows), tables.Count, source));
                return ExitCodes.Ok;
            }
            catch (InvalidOperationException ex)
            {
                error.WriteLine($"reengage: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or System.Net.Sockets.SocketException or TimeoutException)
            {
                error.WriteLine(CliText.Get("reengage: the copy failed and nothing was kept in the target: {0}", ex.Message));
                return ExitCodes.DeviceError;
            }
        });
        return new Command("db", CliText.Get("The gateway's database: grow a single appliance into a fleet.")) { migrate };
    }
}
