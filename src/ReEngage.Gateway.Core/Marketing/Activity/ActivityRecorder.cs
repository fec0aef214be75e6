using System.Data.Common;
using System.Text.Json;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>An event to record for a known contact.</summary>
public readonly record struct NewActivity(long ContactId, ActivityType Type, DateTimeOffset At, double? Value, string Source, string? Currency = null);

/// <summary>
/// Records activity events and keeps each contact's Last*At columns and its automation runs'
/// engagement in step, in the same transaction: segments and automations never see one without the other.
/// The set-based statements are the engine's own (<see cref="ActivityStatements"/>).
/// </summary>
public sealed class ActivityRecorder(GatewayDbContext db, Transactions transactions, DatabaseEngine engine)
{
    private const string InsertSql =
        "INSERT INTO activity_events (\"ContactId\", \"Type\", \"At\", \"Value\", \"Source\", \"Currency\") VALUES (@contact, @type, @at, @value, @source, @currency)";

    private const string RhythmSql = """
        UPDATE contacts SET "PurchaseCount" = @count, "PurchaseIntervalTicks" = @interval, "LastPurchaseTicks" = @last WHERE "Id" = @id
        """;

    /// <summary>Stores the events and updates the contacts they belong to, all or nothing.</summary>
    public async Task RecordAsync(IReadOnlyCollection<NewActivity> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        await transactions.RunAsync(db, async (connection, transaction) =>
        {
            await using var insert = RawSql.Command(connection, transaction, InsertSql, "@contact", "@type", "@at", "@value", "@source", "@currency");
            foreach (var e in events)
            {
                RawSql.Set(insert, e.ContactId, (int)e.Type, e.At.UtcTicks, e.Value, e.Source, e.Currency);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await RefreshAsync(connection, transaction, events.Select(e => e.ContactId).Distinct(), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A landing page was opened: an engagement, though not an activity event.</summary>
    public async Task RecordLandingOpenAsync(long contactId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await transactions.RunAsync(db, async (connection, transaction) =>
        {
            await using var open = RawSql.Command(connection, transaction, engine.Activity.LandingOpen, "@at", "@contact");
            RawSql.Set(open, at.UtcTicks, contactId);
            await open.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var engage = RawSql.Command(connection, transaction, engine.Activity.EngageRuns, "@ids");
            RawSql.Set(engage, JsonSerializer.Serialize(new[] { contactId }));
            await engage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recomputes the Last*At columns of these contacts from their events (after an import, say).</summary>
    internal async Task RefreshAsync(DbConnection connection, DbTransaction transaction, IEnumerable<long> contactIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in contactIds.Chunk(10_000))
        {
            var ids = JsonSerializer.Serialize(chunk);
            await using var recompute = RawSql.Command(connection, transaction, engine.Activity.RecomputeLastAt, "@ids");
            RawSql.Set(recompute, ids);
            await recompute.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await using var engage = RawSql.Command(connection, transaction, engine.Activity.EngageRuns, "@ids");
            RawSql.Set(engage, ids);
            await engage.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await RefreshRhythmAsync(connection, transaction, chunk, ids, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Each contact's purchase count and median interval, recomputed from their purchases (a median is no SQLite aggregate).</summary>
    private async Task RefreshRhythmAsync(DbConnection connection, DbTransaction transaction, long[] chunk, string ids, CancellationToken cancellationToken)
    {
        var purchases = chunk.ToDictionary(id => id, _ => new List<DateTimeOffset>());
        await using (var select = RawSql.Command(connection, transaction, engine.Activity.Purchases, "@ids"))
        {
            RawSql.Set(select, ids);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                purchases[reader.GetInt64(0)].Add(new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
            }
        }

        await using var update = RawSql.Command(connection, transaction, RhythmSql, "@count", "@interval", "@last", "@id");
        foreach (var (id, times) in purchases)
        {
            var rhythm = PurchaseRhythm.Of(times);
            RawSql.Set(update, rhythm.Purchases, rhythm.MedianInterval?.Ticks, rhythm.LastPurchase?.UtcTicks, id);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
