using System.Globalization;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// A client's submit (one short message, or a concatenation made whole) into the same outbox as the HTTP
/// API: one message, answered only once it is stored. Every refusal maps to the SMPP status that names it.
/// </summary>
internal sealed class SmppSubmitter(IServiceScopeFactory scopes, TimeProvider time, ILogger<SmppSubmitter> logger)
{
    public async Task<(uint Status, string MessageId)> SubmitAsync(SmppAccountOptions account, ShortMessagePdu submit, ReadOnlyMemory<byte> payload, int parts, CancellationToken cancellationToken)
    {
        var (status, reason, request) = Build(account, submit, payload);
        if (request is null)
        {
            SmppLog.Refused(logger, account.SystemId, submit.DestinationAddress, CommandStatus.Name(status), reason);
            return (status, "");
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<OutboxService>();
            var (accepted, errors) = await outbox.AcceptAsync(request, cancellationToken).ConfigureAwait(false);
            if (accepted is not null)
            {
                SmppLog.Accepted(logger, account.SystemId, accepted.Id, parts);
                return (CommandStatus.Ok, accepted.Id.ToString(CultureInfo.InvariantCulture));
            }

            // The outbox's own validation (the project's phone-number rules, parts, validity), in SMPP terms.
            var field = errors!.Keys.FirstOrDefault() ?? "";
            var refused = field switch
            {
                "to" => CommandStatus.InvalidDestinationAddress,
                "text" => CommandStatus.InvalidMessageLength,
                "validUntil" => CommandStatus.InvalidExpiry,
                _ => CommandStatus.SubmitFailed,
            };
            SmppLog.Refused(logger, account.SystemId, submit.DestinationAddress, CommandStatus.Name(refused), string.Join("; ", errors.SelectMany(e => e.Value)));
            return (refused, "");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SmppLog.StoreFailed(logger, ex, account.SystemId);
            return (CommandStatus.SystemError, "");
        }
    }

    private (uint Status, string Reason, SendRequest? Request) Build(SmppAccountOptions account, ShortMessagePdu submit, ReadOnlyMemory<byte> payload)
    {
        if (account.AllowedAddresses.Count > 0 && !account.AllowedAddresses.Contains(submit.SourceAddress, StringComparer.Ordinal))
        {
            return (CommandStatus.InvalidSourceAddress, $"source_addr '{submit.SourceAddress}' is not among the account's AllowedAddresses", null);
        }

        var receipts = submit.RegisteredDelivery & 0x03;
        if (receipts == 3)
        {
            return (CommandStatus.InvalidRegisteredDelivery, "registered_delivery 3 is reserved", null);
        }

        if (!SmppDataCoding.TryDecode(submit.DataCoding, payload.Span, out var text, out var status))
        {
            return (status, $"the short message is not valid in data_coding 0x{submit.DataCoding:X2}", null);
        }

        if (text.Length == 0)
        {
            return (CommandStatus.InvalidMessageLength, "the message is empty", null);
        }

        var now = time.GetUtcNow();
        if (!SmppTime.TryParse(submit.ScheduleDeliveryTime, now, out var sendAt))
        {
            return (CommandStatus.InvalidScheduleTime, $"schedule_delivery_time '{submit.ScheduleDeliveryTime}' is not an SMPP time", null);
        }

        if (!SmppTime.TryParse(submit.ValidityPeriod, now, out var validUntil))
        {
            return (CommandStatus.InvalidExpiry, $"validity_period '{submit.ValidityPeriod}' is not an SMPP time", null);
        }

        // TON 1 is an international number written without its '+'; anything else is read as the API reads it
        // (national numbers with Gateway:DefaultRegion).
        var destination = submit.DestinationAddress;
        var to = submit.DestinationTon == 1 && destination.Length > 0 && destination[0] != '+' ? "+" + destination : destination;
        var request = new SendRequest(
            to,
            text,
            SendAt: sendAt,
            ValidUntil: validUntil,
            Priority: submit.PriorityFlag >= 2 ? "high" : null,
            StatusReport: true,
            Source: new SmppOrigin(account.SystemId, receipts, submit.SourceAddress).Format());
        return (CommandStatus.Ok, "", request);
    }
}
