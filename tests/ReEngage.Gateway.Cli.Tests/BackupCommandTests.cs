using Microsoft.Data.Sqlite;

namespace ReEngage.Gateway.Cli.Tests;

public sealed class BackupCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reengage-backup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private string Data => Path.Combine(folder, "data");

    private SqliteConnection OpenLive()
    {
        Directory.CreateDirectory(Data);
        var connection = new SqliteConnection($"Data Source={Path.Combine(Data, "gateway.db")}");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, text TEXT)");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Count(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM messages";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Backup_WhileTheDatabaseIsInUse_IsConsistent_AndRestoreBringsItBack()
    {
        using var live = OpenLive();
        for (var i = 0; i < 100; i++)
        {
            Execute(live, $"INSERT INTO messages (text) VALUES ('m{i}')");
        }

        // An open write transaction on the live database, as the running gateway may have.
        Execute(live, "BEGIN; INSERT INTO messages (text) VALUES ('uncommitted')");
        var backup = Path.Combine(folder, "gateway-backup.db");
        var (exit, output, error) = await CliRunner.Run("backup", backup, "--data", Data);
        Assert.True(exit == 0, error);
        Assert.Contains("integrity ok", output, StringComparison.Ordinal);
        Assert.Equal(100, Count(backup));
        Execute(live, "ROLLBACK");

        Execute(live, "DELETE FROM messages");
        live.Close();
        SqliteConnection.ClearAllPools();
        (exit, _, error) = await CliRunner.Run("restore", backup, "--data", Data);
        Assert.True(exit == 0, error);
        Assert.Equal(100, Count(Path.Combine(Data, "gateway.db")));
        Assert.Equal(0, Count(Path.Combine(Data, "gateway.db.before-restore")));
    }

    [Fact]
    public async Task Restore_OfSomethingThatIsNotADatabase_ChangesNothing()
    {
        using (var live = OpenLive())
        {
            Execute(live, "INSERT INTO messages (text) VALUES ('keep me')");
        }

        SqliteConnection.ClearAllPools();
        var bogus = Path.Combine(folder, "bogus.db");
        await File.WriteAllTextAsync(bogus, "this is not SQLite");
        var (exit, _, error) = await CliRunner.Run("restore", bogus, "--data", Data);
        Assert.Equal(2, exit);
        Assert.Contains("nothing was changed", error, StringComparison.Ordinal);
        Assert.Equal(1, Count(Path.Combine(Data, "gateway.db")));
    }

    [Fact]
    public async Task Backup_WithoutADatabase_SaysWhereItLooked()
    {
        var (exit, _, error) = await CliRunner.Run("backup", Path.Combine(folder, "x.db"), "--data", Path.Combine(folder, "none"));
        Assert.Equal(2, exit);
        Assert.Contains("there is no database at", error, StringComparison.Ordinal);
    }
}
