using Npgsql;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// A PostgreSQL session-level advisory lock held on a connection of its own: released when disposed, or by the
/// server when the holder's connection dies (a killed node never leaves a lock behind).
/// </summary>
public sealed class FleetLock : IAsyncDisposable
{
    /// <summary>Schema migrations at start: one node at a time.</summary>
    public const long Migrations = 0x5245_454E_0001;

    /// <summary>The fleet's singleton jobs: the marketing scheduler's timer, the nodes' watchdog.</summary>
    public const long Leader = 0x5245_454E_0002;

    /// <summary>One marketing tick at a time in the fleet.</summary>
    public const long MarketingTick = 0x5245_454E_0003;

    private readonly NpgsqlConnection connection;
    private readonly long key;

    private FleetLock(NpgsqlConnection connection, long key)
    {
        this.connection = connection;
        this.key = key;
    }

    /// <summary>Whether the holder's connection is still open (and so the lock still held).</summary>
    public bool Held => connection.FullState == System.Data.ConnectionState.Open;

    /// <summary>Waits for the lock.</summary>
    public static async Task<FleetLock> AcquireAsync(string connectionString, long key, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new FleetLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes the lock if free; null if another session holds it.</summary>
    public static async Task<FleetLock?> TryAcquireAsync(string connectionString, long key, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(connectionString, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new FleetLock(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>Checks the session is alive (a round trip): false once the server or the network dropped it.</summary>
    public async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Held)
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The session is gone, and the lock with it.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Not pooled: a pooled connection returned with the lock still held would hand it to someone else.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
