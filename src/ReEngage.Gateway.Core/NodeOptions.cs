namespace ReEngage.Gateway.Core;

/// <summary>The "Gateway:Node" section: this gateway process as one node of whatever shares its database.</summary>
public sealed class NodeOptions
{
    /// <summary>
    /// The node's name, written on every message it claims (its lease). Unique among the gateways that share a
    /// database; on start a node takes back the leases held in its own name, since whoever held them is gone.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The name in force: the configured one, else the host name.</summary>
    public string EffectiveName => string.IsNullOrWhiteSpace(Name) ? Environment.MachineName : Name;
}
