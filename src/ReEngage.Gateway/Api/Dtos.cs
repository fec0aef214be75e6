using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Api;

/// <summary>One message to send. Only <c>to</c> and <c>text</c> are needed.</summary>
internal sealed record SendMessageBody(
    [property: Required, Description("The recipient: E.164 (+393471234567), or national with Gateway:DefaultRegion.")] string? To,
    [property: Required, Description("The text; split into parts (at most maxParts) and encoded as GSM 7-bit or UCS-2.")] string? Text,
    [property: Description("The same key with the same request returns the first message; with another request, 422. May also come as the Idempotency-Key header.")] string? IdempotencyKey,
    DateTimeOffset? SendAt,
    DateTimeOffset? ValidUntil,
    [property: Description("high, normal (default) or low (marketing: quiet hours and opt-outs apply).")] string? Priority,
    bool? StatusReport,
    int? MaxParts,
    string? Modem,
    [property: Description("Your own reference (an order number), at most 256 characters; returned with the message and in its webhooks.")] string? Reference);

internal sealed record BulkBody(List<SendMessageBody?>? Messages);

/// <summary>How a message's text is encoded on the air.</summary>
internal enum MessageEncoding
{
    Gsm7,

    [JsonStringEnumMemberName("8bit")]
    EightBit,

    Ucs2,
}

internal sealed record AcceptedDto(long Id, MessageStatus Status, int Parts, MessageEncoding Encoding, string? Reference);

internal sealed record BulkAcceptedItem(int Index, long Id, string? Reference);

internal sealed record BulkRejectedItem(int Index, IDictionary<string, string[]> Errors);

internal sealed record BulkAcceptedDto(IReadOnlyList<BulkAcceptedItem> Accepted, IReadOnlyList<BulkRejectedItem> Rejected, DateTimeOffset? Eta);

internal sealed record ErrorDto(string Code, string? Message);

internal sealed record MessageDto(
    long Id,
    string To,
    string Text,
    MessageStatus Status,
    MessagePriority Priority,
    MessageEncoding Encoding,
    string? Reference,
    int Parts,
    int PartsSent,
    int PartsDelivered,
    string? Modem,
    ErrorDto? Error,
    bool NeedsAttention,
    bool ReportOverdue,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SendAt,
    DateTimeOffset? ValidUntil,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt);

/// <summary>One part of a message: its state, the TP-MR the network gave it, and its status report (TP-ST).</summary>
internal sealed record PartView(int Sequence, string Status, int? TpMr, string? Modem, DateTimeOffset? SubmittedAt, DateTimeOffset? ReportedAt, int? ReportStatus, int TpduLength);

internal sealed record PageDto<T>(IReadOnlyList<T> Items, long? Next);

/// <summary>An SMS a modem received.</summary>
/// <param name="Id">Its id (the cursor of 'after' and 'before').</param>
/// <param name="From">The sender: E.164 when the network gave a number, else as sent.</param>
/// <param name="Text">The whole text, reassembled from its parts.</param>
/// <param name="Modem">The modem (SIM) that received it.</param>
/// <param name="ReceivedAt">When the gateway stored it.</param>
/// <param name="Complete">False when parts were still missing at the reassembly timeout.</param>
/// <param name="ContactId">The contact with the sender's number, if there is one.</param>
internal sealed record InboundDto(long Id, string From, string Text, string Modem, DateTimeOffset ReceivedAt, bool Complete, long? ContactId);

internal sealed record ModemDto(
    string Name,
    string Device,
    string State,
    int? SignalDbm,
    int SignalBars,
    string? Operator,
    string Registration,
    string? Imei,
    string? Iccid,
    int SentToday,
    int DailyLimit,
    int QueueDepth,
    string? LastError,
    DateTimeOffset? LastSuccessAt,
    double? SecondsPerPart,
    bool Paused,
    SuspensionDto? Suspension,
    string Node);

/// <summary>Why a modem is suspended and when it is checked again (it resumes by itself when it can send).</summary>
internal sealed record SuspensionDto(string Reason, DateTimeOffset Since, DateTimeOffset NextCheckAt, int Checks, string? LastCheck);

internal sealed record SimulatedInboundBody([property: Required] string? From, [property: Required] string? Text, string? Modem);

internal sealed record ClockBody([property: Required] string? Advance);
