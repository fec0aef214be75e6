namespace ReEngage.Gateway.Core;

/// <summary>Something that happened, for live views (SignalR). Webhooks use the database outbox instead.</summary>
public abstract record GatewayEvent;

/// <summary>
/// A message changed (state or parts). The one shape of a message's status: the hub sends it as it is and
/// a <c>message.status</c> webhook carries it as its <c>data</c>, so both always agree.
/// </summary>
public sealed record MessageStatusChanged(
    long Id,
    string To,
    string Status,
    string? Modem,
    int Parts,
    int PartsSent,
    int PartsDelivered,
    MessageError? Error,
    bool NeedsAttention,
    bool ReportOverdue,
    string? Source,
    string? IdempotencyKey,
    string? Reference) : GatewayEvent
{
    /// <summary>The error code alone (the dashboard's lists show it).</summary>
    public string? ErrorCode => Error?.Code;

    /// <summary>
    /// The message's row version this state was saved with: live subscribers drop a state older than one they
    /// already had (two saves of one message commit in order but may be announced out of order). Not part of
    /// the payload.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Version { get; init; }

    /// <summary>The event for a message as it is now.</summary>
    public static MessageStatusChanged Of(Messaging.OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(
            message.Id,
            message.To,
            message.Status.ToString().ToLowerInvariant(),
            message.Modem,
            message.PartCount,
            message.Parts.Count(p => p.Status is Messaging.PartStatus.Submitted or Messaging.PartStatus.Delivered or Messaging.PartStatus.Failed),
            message.Parts.Count(p => p.Status == Messaging.PartStatus.Delivered),
            message.ErrorCode is null ? null : new MessageError(message.ErrorCode, message.ErrorMessage),
            message.NeedsAttention,
            message.ReportOverdue && message.Status == Messaging.MessageStatus.Sent,
            message.Source,
            message.IdempotencyKey,
            message.Reference)
        {
            Version = message.Version,
        };
    }
}

/// <summary>Why a message failed, expired or was cancelled.</summary>
public sealed record MessageError(string Code, string? Message);

/// <summary>An inbound SMS was stored.</summary>
public sealed record InboundStored(long Id, string From, string Modem, DateTimeOffset ReceivedAt) : GatewayEvent;

/// <summary>An SMPP account was deleted: every node unbinds and closes the binds it has of it.</summary>
public sealed record SmppAccountDeleted(string SystemId) : GatewayEvent;

/// <summary>A modem's snapshot changed.</summary>
public sealed record ModemChanged(string Name) : GatewayEvent;
