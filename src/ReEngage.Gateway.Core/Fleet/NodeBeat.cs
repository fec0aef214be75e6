namespace ReEngage.Gateway.Core.Fleet;

/// <summary>A node wrote its heartbeat because its modems changed: the others re-read the fleet now rather than at their next beat.</summary>
public sealed record NodeBeat(string Node) : GatewayEvent;
