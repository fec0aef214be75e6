namespace ReEngage.Gateway.Core.Fleet;

/// <summary>
/// One gateway process sharing the database (table <c>nodes</c>): written by its own heartbeat, read by every
/// node to know which modems exist in the fleet and which nodes are alive.
/// </summary>
public sealed class GatewayNode
{
    public required string Name { get; set; }

    /// <summary>How the other nodes reach this node's HTTP endpoint (Gateway:Node:Url), to forward modem actions.</summary>
    public string? Url { get; set; }

    public string Version { get; set; } = string.Empty;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Its modems as of the last heartbeat (JSON array of <see cref="NodeModem"/>).</summary>
    public string Modems { get; set; } = "[]";
}
