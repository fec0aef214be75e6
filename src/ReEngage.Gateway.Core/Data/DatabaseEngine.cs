using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// What an engine's own assembly (<c>ReEngage.Gateway.Data.Sqlite</c>, <c>ReEngage.Gateway.Data.Postgres</c>)
/// gives the gateway: its compiled model, its migrations (in the same assembly) and the few statements the
/// engine spells its own way. Everything else the gateway writes in SQL is the same on both engines.
/// </summary>
public abstract class DatabaseEngine
{
    /// <summary>The assembly holding this engine's migrations.</summary>
    public string MigrationsAssembly => GetType().Assembly.GetName().Name!;

    /// <summary>The compiled model for this engine's column types (from <c>dotnet ef dbcontext optimize</c>).</summary>
    public abstract IModel Model { get; }

    /// <summary>The activity recorder's set-based statements.</summary>
    public abstract ActivityStatements Activity { get; }

    /// <summary>
    /// Writes new messages and their parts in the caller's transaction and sets their ids, each engine its fastest
    /// way (SQLite: a prepared INSERT per row bound by position, a function call rather than a round trip;
    /// PostgreSQL: binary COPY). Every column EF maps is written, converted as EF would (<c>BulkInsertMappingTests</c>).
    /// </summary>
    /// <exception cref="DbException">The rows could not be written (a duplicate idempotency key: <see cref="DbErrors.IsUniqueViolation"/>); nothing of the batch is kept once the transaction rolls back.</exception>
    public abstract Task InsertMessagesAsync(GatewayDbContext db, DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);
}
