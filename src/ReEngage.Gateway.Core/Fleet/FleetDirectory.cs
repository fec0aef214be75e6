using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Core.Fleet;

/// <summary>
/// The fleet as this node last read it from the <c>nodes</c> table: the other nodes, alive or dead, and their
/// modems. On a single appliance it holds this node alone. Refreshed by <see cref="NodeHeartbeat"/>.
/// </summary>
public sealed class FleetDirectory(ModemRegistry registry, Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
{
    /// <summary>This node's name.</summary>
    public string LocalNode { get; } = options.Value.Node.EffectiveName;

    private volatile IReadOnlyList<FleetNode> nodes = [];

    /// <summary>Every node, this one included.</summary>
    public IReadOnlyList<FleetNode> Nodes => nodes;

    /// <summary>The modems that can send now anywhere in the fleet: this node's ready ones and those of live remote nodes.</summary>
    public IReadOnlyList<string> Ready()
    {
        var local = registry.Ready();
        var remote = nodes.Where(n => !n.IsLocal && n.State == FleetNodeState.Alive).SelectMany(n => n.Modems).Where(m => m.CanSend).Select(m => m.Name);
        return [.. local, .. remote];
    }

    /// <summary>The remote node a modem belongs to, when it is not one of this node's.</summary>
    public FleetNode? RemoteOwnerOf(string modem) =>
        registry.Find(modem) is not null ? null : nodes.FirstOrDefault(n => !n.IsLocal && n.Modems.Any(m => string.Equals(m.Name, modem, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Replaces the view; returns whether anything others would see changed (a node's state or its modems).</summary>
    public bool Update(IReadOnlyList<FleetNode> fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        var before = nodes;
        nodes = fresh;
        return before.Count != fresh.Count || !before.Zip(fresh).All(p =>
            p.First.Name == p.Second.Name && p.First.State == p.Second.State && p.First.Modems.SequenceEqual(p.Second.Modems));
    }
}
