using System.CommandLine;
using Microsoft.Data.Sqlite;

namespace ReEngage.Gateway.Cli;

/// <summary><c>reengage backup</c> and <c>reengage restore</c>: consistent copies of the gateway's SQLite database.</summary>
internal static class BackupCommands
{
    private const string DatabaseName = "gateway.db";

    public static IEnumerable<Command> Create()
    {
        yield return CreateBackup();
        yield return CreateRestore();
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = CliText.Get("The gateway's data directory (default: /var/lib/reengage when it exists, else ./data)."),
        DefaultValueFactory = _ => Directory.Exists("/var/lib/reengage") ? "/var/lib/reengage" : "data",
    };

    private static Command CreateBackup()
    {
        var file = new Argument<string>("file") { Description = CliText.Get("Where to write the backup.") };
        var data = DataOption();
        var command = new Command("backup", CliText.Get("Copy the database consistently with SQLite's online backup API (safe while the gateway runs).")) { file, data };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var source = Path.Combine(parse.GetValue(data)!, DatabaseName);
            if (!File.Exists(source))
            {
                error.WriteLine(CliText.Get("reengage: there is no database at {0} (use --data to point at the gateway's data directory)", source));
                return ExitCodes.BadInput;
            }

            var target = Path.GetFullPath(parse.GetValue(file)!);
            try
            {
                Copy(source, target);
                var check = IntegrityCheck(target);
                if (check != "ok")
                {
                    error.WriteLine(CliText.Get("reengage: the backup failed its integrity check: {0}", check));
                    return ExitCodes.DeviceError;
                }
            }
            catch (SqliteException ex)
            {
                error.WriteLine(CliText.Get("reengage: backup failed: {0}", ex.Message));
                return ExitCodes.DeviceError;
            }

            output.WriteLine(CliText.Get("backup of {0} written to {1} ({2:0.#} KiB, integrity ok)", source, target, new FileInfo(target).Length / 1024.0));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRestore()
    {
        var file = new Argument<string>("file") { Description = CliText.Get("A backup made with 'reengage backup'.") };
        var data = DataOption();
        var command = new Command("restore", CliText.Get("Replace the database with a backup (the current one is kept as gateway.db.before-restore). Stop the gateway first, start it after.")) { file, data };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var backup = Path.GetFullPath(parse.GetValue(file)!);
            var directory = parse.GetValue(data)!;
            var live = Path.Combine(directory, DatabaseName);
            try
            {
                if (!File.Exists(backup) || IntegrityCheck(backup) != "ok")
                {
                    error.WriteLine(CliText.Get("reengage: {0} is missing or not a sound SQLite database; nothing was changed", backup));
                    return ExitCodes.BadInput;
                }

                Directory.CreateDirectory(directory);
                if (File.Exists(live))
                {
                    Copy(live, live + ".before-restore");
                }

                // Through the backup API, not a file copy: it respects the live database's WAL and locks.
                Copy(backup, live);
            }
            catch (SqliteException ex)
            {
                error.WriteLine(CliText.Get("reengage: restore failed: {0} (is the gateway still running? stop it first)", ex.Message));
                return ExitCodes.DeviceError;
            }

            output.WriteLine(CliText.Get("restored {0} into {1}; the previous database is {1}.before-restore. Start the gateway now.", backup, live));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Copy(string from, string to)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = to, Pooling = false }.ToString());
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }

    // "ok", or what is wrong (a file that is not SQLite at all included).
    private static string IntegrityCheck(string path)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            return command.ExecuteScalar() as string ?? CliText.Get("no answer");
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }
}
