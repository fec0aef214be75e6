namespace ReEngage.Gateway.Api;

internal sealed record SendMessageBody(string? To, string? Text, string? IdempotencyKey, DateTimeOffset? SendAt, DateTimeOffset? ValidUntil, string? Priority, bool? StatusReport, int? MaxParts, string? Modem);

internal sealed record BulkBody(List<SendMessageBody?>? Messages);

internal sealed record AcceptedDto(long Id, string Status, int Parts, string Encoding);

internal sealed record ErrorDto(string Code, string? Message);

internal sealed record MessageDto(
    long Id,
    string To,
    string Text,
    string Status,
    string Priority,
    string Encoding,
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

internal sealed record PageDto<T>(IReadOnlyList<T> Items, long? Next);

internal sealed record InboundDto(long Id, string From, string Text, string Modem, DateTimeOffset ReceivedAt, bool Complete);

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

internal sealed record SimulatedInboundBody(string? From, string? Text, string? Modem);

internal sealed record ClockBody(string? Advance);
