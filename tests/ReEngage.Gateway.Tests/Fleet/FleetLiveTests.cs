using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace ReEngage.Gateway.Tests.Fleet;

/// <summary>A dashboard open on one node sees the other nodes' modems and messages live (PostgreSQL LISTEN/NOTIFY).</summary>
[Collection(FleetProcesses.Name)]
public sealed class FleetLiveTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ADashboardOnNodeA_SeesNodeBsModemChanges_AndMessageStates_WithinTwoSeconds()
    {
        await using var fleet = await FleetRig.CreateAsync(TimeSpan.FromMilliseconds(50));
        await fleet.StartNodeAsync("node-a", 1);
        var b = await fleet.StartNodeAsync("node-b", 1);

        var modemViews = new ConcurrentQueue<(TimeSpan At, JsonElement Modems)>();
        var statuses = new ConcurrentQueue<(TimeSpan At, long Id, string Status)>();
        var clock = Stopwatch.StartNew();
        await using var hub = new HubConnectionBuilder().WithUrl($"{fleet.Url("node-a")}/hubs/gateway?access_token={GatewayFactory.Key}").Build();
        hub.On<JsonElement>("ModemsChanged", modems => modemViews.Enqueue((clock.Elapsed, modems)));
        hub.On<JsonElement>("MessageStatus", change => statuses.Enqueue((clock.Elapsed, change.GetProperty("id").GetInt64(), change.GetProperty("status").GetString()!)));
        await hub.StartAsync();
        var onB = new ConcurrentQueue<(TimeSpan At, long Id, string Status)>();
        await using var hubB = new HubConnectionBuilder().WithUrl($"{fleet.Url("node-b")}/hubs/gateway?access_token={GatewayFactory.Key}").Build();
        hubB.On<JsonElement>("MessageStatus", change => onB.Enqueue((clock.Elapsed, change.GetProperty("id").GetInt64(), change.GetProperty("status").GetString()!)));
        await hubB.StartAsync();

        // The snapshot on connect already lists node-b's modem, with its node.
        await UntilAsync(() => modemViews.Any(v => Find(v.Modems, "node-b-m0") is { } m && m.GetProperty("node").GetString() == "node-b"), TimeSpan.FromSeconds(10));

        var pausedAt = clock.Elapsed;
        (await b.PostAsync("/api/v1/modems/node-b-m0/pause", null)).EnsureSuccessStatusCode();
        await UntilAsync(() => modemViews.Any(v => v.At > pausedAt && Find(v.Modems, "node-b-m0")?.GetProperty("paused").GetBoolean() == true), Live);

        (await b.PostAsync("/api/v1/modems/node-b-m0/resume", null)).EnsureSuccessStatusCode();
        var sent = await b.PostAsJsonAsync("/api/v1/messages", new { to = "+393471112233", text = "seen on node-a", modem = "node-b-m0" });
        var id = (await sent.JsonAsync()).GetProperty("id").GetInt64();
        await UntilAsync(() => statuses.Any(s => s.Id == id && s.Status == "delivered"), TimeSpan.FromSeconds(10));

        // Each state reached node-a's hub within two seconds of reaching node-b's own hub.
        await UntilAsync(() => onB.Any(s => s.Id == id && s.Status == "delivered"), TimeSpan.FromSeconds(10));
        foreach (var state in onB.Where(s => s.Id == id).Select(s => s.Status).Distinct())
        {
            var lag = statuses.First(s => s.Id == id && s.Status == state).At - onB.First(s => s.Id == id && s.Status == state).At;
            Assert.True(lag < Live, $"'{state}' reached node-a {lag.TotalMilliseconds:F0} ms after node-b");
        }
    }

    private static JsonElement? Find(JsonElement modems, string name) =>
        modems.EnumerateArray().Where(m => m.GetProperty("name").GetString() == name).Select(m => (JsonElement?)m).FirstOrDefault();

    private static async Task UntilAsync(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < within, $"not seen on node-a within {within.TotalSeconds} s");
            await Task.Delay(20);
        }
    }
}
