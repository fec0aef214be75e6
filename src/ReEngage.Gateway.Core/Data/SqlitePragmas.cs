using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// Sets the PRAGMAs on every connection (as Jellyfin does): WAL so the API reads while the dispatcher
/// writes, synchronous=NORMAL (safe with WAL: a power cut loses at most the last transaction's
/// checkpoint, never the database), a busy timeout instead of "database is locked" errors. They belong to
/// the SQLite handle, which the connection pool keeps open across opens: set once per handle, not on every
/// open (four statements before each of the dispatcher's writes, between two parts).
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!IsNew(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!IsNew(connection))
        {
            return;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // True the first time this SQLite handle is seen (a handle closed and reopened outside the pool is new again).
    private bool IsNew(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle })
        {
            return true;
        }

        lock (configured)
        {
            if (configured.TryGetValue(handle, out _))
            {
                return false;
            }

            configured.Add(handle, Marker);
            return true;
        }
    }

    private static readonly object Marker = new();
    private readonly ConditionalWeakTable<object, object> configured = new();
}
