using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>Messages as the outbox stores them, for lifecycle tests.</summary>
internal static class Messages
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static OutboundMessage New(int parts = 1, MessageStatus status = MessageStatus.Queued, long id = 1) => new()
    {
        Id = id,
        To = "+393471234567",
        Text = "hello",
        Status = status,
        Encoding = SmsEncoding.Gsm7,
        PartCount = parts,
        StatusReport = true,
        CreatedAt = T0,
        Parts = [.. Enumerable.Range(1, parts).Select(i => new OutboundPart { MessageId = id, Sequence = i, Pdu = "00", TpduLength = 1 })],
    };

    public static IReadOnlyList<DomainEvent> Events(OutboundMessage message) => ((IHasDomainEvents)message).TakeEvents();

    public static IEnumerable<(MessageStatus From, MessageStatus To)> Moves(OutboundMessage message) =>
        Events(message).OfType<MessageTransitioned>().Select(e => (e.From, e.To));

    /// <summary>Claims and sends every part, each accepted with TP-MR 10 + its number.</summary>
    public static OutboundMessage Sent(int parts = 1)
    {
        var message = New(parts);
        message.Claim("node-a", "sim-1", T0.AddMinutes(2));
        for (var i = 1; i <= parts; i++)
        {
            message.BeginPart(i, T0.AddMinutes(2));
            message.PartSubmitted(i, 10 + i, T0.AddSeconds(i));
        }

        message.MarkSent(T0.AddSeconds(parts + 1));
        Events(message);
        return message;
    }
}
