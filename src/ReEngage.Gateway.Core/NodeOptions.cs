namespace ReEngage.Gateway.Core;

/// <summary>The "Gateway:Node" section: this gateway process as one node of whatever shares its database.</summary>
public sealed class NodeOptions
{
    /// <summary>
    /// The node's name, written on every message it claims (its lease). Unique among the gateways that share a
    /// database; on start a node takes back the leases held in its own name, since whoever held them is gone.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>How the other nodes reach this node's HTTP endpoint (e.g. http://10.0.0.12:5080), to forward modem actions.</summary>
    public string? Url { get; set; }

    /// <summary>A node whose heartbeat is older than this is dead: its modems show offline, its claims are taken over.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the node writes its heartbeat (a third of <see cref="DeadAfter"/> unless set).</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>The name in force: the configured one, else the host name.</summary>
    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? Environment.MachineName : Name;

    public TimeSpan EffectiveHeartbeat => HeartbeatInterval ?? TimeSpan.FromTicks(DeadAfter.Ticks / 3);

    internal IEnumerable<string> Validate()
    {
        if (Url is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return "Gateway:Node:Url must be an absolute http:// or https:// URL (how the other nodes reach this one).";
        }

        if (DeadAfter < TimeSpan.FromSeconds(1))
        {
            yield return "Gateway:Node:DeadAfter must be at least one second.";
        }

        if (HeartbeatInterval is { } beat && (beat <= TimeSpan.Zero || beat >= DeadAfter))
        {
            yield return "Gateway:Node:HeartbeatInterval must be positive and shorter than Gateway:Node:DeadAfter.";
        }
    }
}
