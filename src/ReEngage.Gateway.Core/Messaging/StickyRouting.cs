using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Which SIM each recipient knows: the modem of their latest reply, else of the latest message sent to them,
/// kept as the new message's preferred modem (<c>RoutingPolicy</c> then favours it). Looked up for a whole
/// batch at once — a bulk request, or the single messages one group commit stores together — because two
/// point look-ups per message were most of a single POST's round trips to PostgreSQL.
/// </summary>
internal static class StickyRouting
{
    // A list goes as one parameter (DatabaseSetup), so a chunk's size costs no statement building; larger chunks
    // are fewer round trips (a 10,000-message bulk request: 4 queries instead of 40).
    private const int Chunk = 5_000;

    /// <summary>Sets each message's <see cref="OutboundMessage.PreferredModem"/> (null when the number is new to the gateway).</summary>
    public static async Task AssignAsync(GatewayDbContext db, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var preferred = await LastModemsForAsync(db, [.. messages.Select(m => m.To).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            message.PreferredModem = preferred.GetValueOrDefault(message.To);
        }
    }

    private static async Task<Dictionary<string, string>> LastModemsForAsync(GatewayDbContext db, IReadOnlyList<string> numbers, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(Chunk))
        {
            var sent = await db.Messages.AsNoTracking().Where(m => chunk.Contains(m.To) && m.Modem != null)
                .GroupBy(m => m.To).Select(g => new { To = g.Key, Id = g.Max(m => m.Id) })
                .Join(db.Messages, g => g.Id, m => m.Id, (g, m) => new { g.To, m.Modem })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in sent)
            {
                result[row.To] = row.Modem!;
            }

            var replied = await db.Inbound.AsNoTracking().Where(i => chunk.Contains(i.From))
                .GroupBy(i => i.From).Select(g => new { From = g.Key, Id = g.Max(i => i.Id) })
                .Join(db.Inbound, g => g.Id, i => i.Id, (g, i) => new { g.From, i.Modem, i.Id })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in replied)
            {
                // A reply is the freshest sign of which SIM the contact knows.
                result[row.From] = row.Modem;
            }
        }

        return result;
    }
}
