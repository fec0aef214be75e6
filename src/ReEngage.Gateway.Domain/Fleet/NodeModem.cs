namespace ReEngage.Gateway.Core.Fleet;

/// <summary>What a node tells the fleet of one of its modems at each heartbeat.</summary>
public sealed record NodeModem(
    string Name,
    string Device,
    string State,
    bool CanSend,
    int? SignalDbm,
    int SignalBars,
    string? Operator,
    string Registration,
    int DailyLimit,
    bool Paused,
    string? LastError,
    DateTimeOffset? LastSuccessAt,
    double SecondsPerPart);
