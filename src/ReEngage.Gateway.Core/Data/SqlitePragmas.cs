using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// Sets the PRAGMAs on every connection (as Jellyfin does): WAL so the API reads while the dispatcher
/// writes, synchronous=NORMAL (safe with WAL: a power cut loses at most the last transaction's
/// checkpoint, never the database), a busy timeout instead of "database is locked" errors.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
