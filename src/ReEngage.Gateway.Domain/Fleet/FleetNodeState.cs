namespace ReEngage.Gateway.Core.Fleet;

/// <summary>A node as the others see it.</summary>
public enum FleetNodeState
{
    /// <summary>Its heartbeat is recent.</summary>
    Alive,

    /// <summary>No heartbeat for Gateway:Node:DeadAfter: its modems are offline, its claims taken over.</summary>
    Dead,
}

/// <summary>A node and its modems, as of the last read of the <c>nodes</c> table.</summary>
public sealed record FleetNode(string Name, string? Url, FleetNodeState State, DateTimeOffset LastSeenAt, DateTimeOffset StartedAt, string Version, IReadOnlyList<NodeModem> Modems, bool IsLocal);
