using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Data.Postgres;

/// <summary>
/// New messages and their parts by binary COPY: one round trip reserves every id from the two identity
/// sequences, then one COPY per table streams the rows. Row by row, each message cost two round trips (an
/// INSERT … RETURNING for its id, then its part's INSERT); here a batch costs three, whatever its size. COPY
/// cannot return the ids it generates, and the parts need their message's id, hence the reservation. It all
/// runs in the caller's transaction: answered only after it commits, rolled back whole on any error (a
/// duplicate idempotency key aborts the COPY, and so the batch — as a failed INSERT did row by row).
/// </summary>
internal static class MessageCopy
{
    public static async Task InsertAsync(IModel model, NpgsqlConnection connection, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var messageCopy = MappedCopy<OutboundMessage>.For(model);
        var partCopy = MappedCopy<OutboundPart>.For(model);
        var partCount = messages.Sum(m => m.Parts.Count);
        var (messageIds, partIds) = await ReserveAsync(connection, messageCopy, partCopy, messages.Count, partCount, cancellationToken).ConfigureAwait(false);

        var p = 0;
        for (var m = 0; m < messages.Count; m++)
        {
            messageCopy.Key.PropertyInfo!.SetValue(messages[m], messageIds[m]);
            foreach (var part in messages[m].Parts)
            {
                part.MessageId = messageIds[m];
                partCopy.Key.PropertyInfo!.SetValue(part, partIds[p++]);
            }
        }

        await messageCopy.WriteAsync(connection, messages, cancellationToken).ConfigureAwait(false);
        await partCopy.WriteAsync(connection, messages.SelectMany(m => m.Parts), cancellationToken).ConfigureAwait(false);
    }

    // Both tables' ids in one statement. Sorted, so the batch's messages get ascending ids in the order they came
    // (the queue and the API's answers follow ids); nextval is not transactional, so a rolled-back batch leaves a
    // gap in the ids, as a rolled-back INSERT does. The sequences are named as constants (resolved once: the
    // schema fixes them) so each of the thousands of nextval calls is the sequence's own work, not a catalog look-up.
    private static async Task<(long[] Messages, long[] Parts)> ReserveAsync(NpgsqlConnection connection, MappedCopy<OutboundMessage> messages, MappedCopy<OutboundPart> parts, int messageCount, int partCount, CancellationToken cancellationToken)
    {
        var messageSequence = await messages.SequenceAsync(connection, cancellationToken).ConfigureAwait(false);
        var partSequence = await parts.SequenceAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT ARRAY(SELECT nextval('{messageSequence}'::regclass) FROM generate_series(1, $1)),
                   ARRAY(SELECT nextval('{partSequence}'::regclass) FROM generate_series(1, $2))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = messageCount });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partCount });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (messageIds, partIds) = (reader.GetFieldValue<long[]>(0), reader.GetFieldValue<long[]>(1));
        Array.Sort(messageIds);
        Array.Sort(partIds);
        return (messageIds, partIds);
    }
}
