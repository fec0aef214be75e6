using ReEngage.Gateway.Core.Fleet;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/nodes: the gateways sharing this database (one on a single appliance).</summary>
internal static class NodesApi
{
    public static RouteGroupBuilder MapNodes(this RouteGroupBuilder api)
    {
        api.MapGet("/nodes", List).WithName("ListNodes").WithTags("Fleet")
            .WithSummary("The fleet's nodes: alive or dead (no heartbeat for Gateway:Node:DeadAfter), their version and modems");
        return api;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<List<NodeDto>> List(FleetDirectory fleet) =>
        TypedResults.Ok(fleet.Nodes.Select(n => new NodeDto(
            n.Name, n.Url, n.State == FleetNodeState.Alive ? "alive" : "dead", n.LastSeenAt, n.StartedAt, n.Version, n.IsLocal,
            [.. n.Modems.Select(m => m.Name)])).ToList());
}

/// <summary>A gateway node of the fleet.</summary>
internal sealed record NodeDto(string Name, string? Url, string State, DateTimeOffset LastSeenAt, DateTimeOffset StartedAt, string Version, bool Local, IReadOnlyList<string> Modems);
