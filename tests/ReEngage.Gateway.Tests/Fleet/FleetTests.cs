using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Xunit.Abstractions;

namespace ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// The fleet end to end: three gateway processes on one PostgreSQL, each with two modems on pseudo-terminals;
/// a node SIGKILLed mid-run, its work taken over, its modems shown offline, then its return.
/// </summary>
[Collection(FleetProcesses.Name)]
public sealed class FleetTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ThreeNodes_OneKilledMidRun_EveryMessageSentExactlyOnce_TheDeadNodeShownOffline_AndItRejoins()
    {
        await using var fleet = await FleetRig.CreateAsync(TimeSpan.FromMilliseconds(150));
        var a = await fleet.StartNodeAsync("node-a", 2);
        await fleet.StartNodeAsync("node-b", 2);
        await fleet.StartNodeAsync("node-c", 2);
        await UntilAsync(async () => (await ReadyModemsAsync(a)) == 6, "six modems ready across the fleet");

        var nodes = await (await a.GetAsync("/api/v1/nodes")).JsonAsync();
        Assert.Equal(["node-a", "node-b", "node-c"], nodes.EnumerateArray().Select(n => n.GetProperty("name").GetString()).Order());
        Assert.All(nodes.EnumerateArray(), n => Assert.Equal("alive", n.GetProperty("state").GetString()));

        var messages = Enumerable.Range(0, 300).Select(i => new { to = $"+39347300{i:D4}", text = $"fleet message {i}" }).ToList();
        var bulk = await a.PostAsJsonAsync("/api/v1/messages/bulk", new { messages });
        Assert.Equal(HttpStatusCode.Accepted, bulk.StatusCode);

        // Kill node-b once the fleet is well into the run, while its modems are busy.
        await UntilAsync(() => Task.FromResult(fleet.Network.Submitted.Count >= 60), "60 messages on the network");
        var sentByBBeforeKill = fleet.Network.Submitted.Count(s => s.Modem.StartsWith("node-b", StringComparison.Ordinal));
        fleet.Kill("node-b");
        var killedAt = Stopwatch.StartNew();

        // Final, or sent by node-b's SIMs whose status reports wait on the network until they are back.
        await UntilAsync(
            async () => await CountAsync(fleet, "\"Status\" IN ('Queued', 'Scheduled', 'Sending') OR (\"Status\" = 'Sent' AND \"Modem\" NOT LIKE 'node-b-%')") == 0,
            "every message final (or awaiting a report for node-b)");
        var allFinal = killedAt.Elapsed;

        Assert.Equal(300, await CountAsync(fleet, "TRUE"));
        AssertEachRecipientOnceOnTheNetwork(fleet);
        var failed = await CountAsync(fleet, "\"Status\" = 'Failed'");
        var ambiguous = await CountAsync(fleet, "\"Status\" = 'Failed' AND \"NeedsAttention\"");
        Assert.Equal(failed, ambiguous); // only a part caught mid-submission by the kill, flagged, never re-sent
        Assert.True(ambiguous <= 2, $"{ambiguous} messages flagged: at most one in flight per modem of the dead node");

        // Sent by node-b's SIMs, their status reports wait on the network for those SIMs to come back.
        var awaitingReports = await CountAsync(fleet, "\"Status\" = 'Sent'");
        Assert.Equal(awaitingReports, await CountAsync(fleet, "\"Status\" = 'Sent' AND \"Modem\" LIKE 'node-b-%'"));
        Assert.Equal(300, await CountAsync(fleet, "\"Status\" IN ('Delivered', 'Sent', 'Failed')"));
        Assert.True(sentByBBeforeKill > 0, "node-b sent nothing before it was killed: the test did not exercise the take-over");
        Assert.True(allFinal < TimeSpan.FromSeconds(4 + 15 + 10), $"the dead node's work took {allFinal.TotalSeconds:F1} s to finish after the kill");
        output.WriteLine($"killed node-b after {sentByBBeforeKill} of its sends; all 300 final {allFinal.TotalSeconds:F1} s after the kill; {ambiguous} flagged for the operator");

        // The others show it dead and its modems offline.
        await UntilAsync(async () => (await (await a.GetAsync("/api/v1/nodes")).JsonAsync()).EnumerateArray()
            .Any(n => n.GetProperty("name").GetString() == "node-b" && n.GetProperty("state").GetString() == "dead"), "node-b shown dead");
        var modems = (await (await a.GetAsync("/api/v1/modems")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(6, modems.Count);
        Assert.All(modems.Where(m => m.GetProperty("node").GetString() == "node-b"), m => Assert.Equal("offline", m.GetProperty("state").GetString()));
        var action = await a.PostAsync("/api/v1/modems/node-b-m0/pause", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, action.StatusCode);
        Assert.Contains("node-b", (await action.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // It comes back and rejoins with its modems; an action on node-a reaches its modem on node-b.
        var b = await fleet.StartNodeAsync("node-b", 2);
        await UntilAsync(async () => (await ReadyModemsAsync(a)) == 6, "node-b's modems ready again");
        var paused = await a.PostAsync("/api/v1/modems/node-b-m1/pause", null);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal("node-b", paused.Headers.GetValues("X-ReEngage-Node").Single());
        var onB = (await (await b.GetAsync("/api/v1/modems")).JsonAsync()).EnumerateArray().Single(m => m.GetProperty("name").GetString() == "node-b-m1");
        Assert.True(onB.GetProperty("paused").GetBoolean());
        var events = await a.GetAsync("/api/v1/modems/node-b-m1/events");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);

        // Back on the network, node-b's SIMs receive the reports held for them: nothing stays "sent".
        await UntilAsync(async () => await CountAsync(fleet, "\"Status\" = 'Sent'") == 0, $"the {awaitingReports} reports held for node-b's SIMs matched");
        Assert.Equal(300 - ambiguous, await CountAsync(fleet, "\"Status\" = 'Delivered'"));

        // Exactly once holds after the rejoin too: node-b's start (its own recovery of the claims it held
        // when it was killed) and the fleet since then put nothing on the network a second time. Wait for
        // anything that went back to a queue to be final first, so a re-send in flight is counted.
        await UntilAsync(async () => await CountAsync(fleet, "\"Status\" IN ('Queued', 'Scheduled', 'Sending', 'Sent')") == 0, "nothing queued or in flight after the rejoin");
        AssertEachRecipientOnceOnTheNetwork(fleet);
        var delivered = await RecipientsAsync(fleet, "\"Status\" = 'Delivered'");
        Assert.All(delivered, to => Assert.Single(fleet.Network.Submitted, s => s.To.TrimStart('+') == to.TrimStart('+')));
    }

    private static void AssertEachRecipientOnceOnTheNetwork(FleetRig fleet)
    {
        var perRecipient = fleet.Network.Submitted.GroupBy(s => s.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perRecipient, p => Assert.True(p.Value == 1, $"{p.Key} reached the network {p.Value} times"));
    }

    private static async Task<List<string>> RecipientsAsync(FleetRig fleet, string where)
    {
        await using var connection = new NpgsqlConnection(fleet.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT \"To\" FROM messages WHERE {where}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var recipients = new List<string>();
        while (await reader.ReadAsync())
        {
            recipients.Add(reader.GetString(0));
        }

        return recipients;
    }

    [Fact]
    public async Task ACampaignAcrossThreeNodes_ReachesEachContactExactlyOnce()
    {
        await using var fleet = await FleetRig.CreateAsync(TimeSpan.FromMilliseconds(20));
        string[] fast = ["--Gateway:Marketing:TickInterval=00:00:01"];
        var a = await fleet.StartNodeAsync("node-a", 1, fast);
        var b = await fleet.StartNodeAsync("node-b", 1, fast);
        var c = await fleet.StartNodeAsync("node-c", 1, fast);
        await UntilAsync(async () => (await ReadyModemsAsync(a)) == 3, "three modems ready");

        var clients = new[] { a, b, c };
        for (var i = 0; i < 100; i++)
        {
            // Contacts arrive through every node's API.
            await clients[i % 3].ContactAsync($"shop-{i}", MarketingKit.Phone(i), $"Customer {i}", tags: ["fleet"]);
        }

        var segment = await b.SegmentAsync(new { kind = "tag", value = "fleet" });
        var created = await c.PostAsJsonAsync("/api/v1/campaigns", new { name = "Fleet sale", segmentId = segment, message = new { template = "{{first_name}}, 20% off this week" }, holdoutPercent = 0 });
        var campaign = (await created.OkJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await (await a.PostAsync($"/api/v1/campaigns/{campaign}/schedule", null)).OkJsonAsync(HttpStatusCode.Accepted);

        await UntilAsync(async () => await CountAsync(fleet, "\"Status\" = 'Delivered'") == 100, "100 campaign messages delivered");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a few more ticks on every node: nothing more may be sent
        Assert.Equal(100, await CountAsync(fleet, "TRUE"));
        var perContact = fleet.Network.Submitted.GroupBy(s => s.To).ToList();
        Assert.Equal(100, perContact.Count);
        Assert.All(perContact, g => Assert.Single(g));
        var byNode = fleet.Network.Submitted.GroupBy(s => s.Modem[..6]).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("sent per node: " + string.Join(", ", byNode.Select(p => $"{p.Key} {p.Value}")));
        Assert.True(byNode.Count >= 2, "the campaign was sent by one node's modems only");
    }

    private static async Task<int> ReadyModemsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/modems");
        return response.IsSuccessStatusCode ? (await response.JsonAsync()).EnumerateArray().Count(m => m.GetProperty("state").GetString() == "online") : 0;
    }

    private static async Task<long> CountAsync(FleetRig fleet, string where)
    {
        await using var connection = new NpgsqlConnection(fleet.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM messages WHERE {where}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Long)
            {
                throw new TimeoutException($"Gave up waiting for: {what}");
            }

            // Processes on a real clock: there is no fake clock to move across three of them.
            await Task.Delay(100);
        }

        output.WriteLine($"{what}: {clock.Elapsed.TotalSeconds:F1} s");
    }
}

/// <summary>The fleet tests start several gateway processes each: one at a time, on this 2-core budget.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetProcesses
{
    public const string Name = "Fleet processes";
}
