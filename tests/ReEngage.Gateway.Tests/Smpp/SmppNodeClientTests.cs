using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Smpp;
using Xunit.Abstractions;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>
/// node-smpp (the npm package smpp 0.5.1, an implementation written by others; tests/smpp-client) against the
/// real gateway on simulated modems: what it submits is stored as one message each, and every receipt comes
/// back once. Without node or the package the tests pass as skipped, unless REENGAGE_REQUIRE_TOOLS=1 (CI).
/// </summary>
public sealed class SmppNodeClientTests(SmppNodeClientTests.Gateway gateway, ITestOutputHelper output) : IClassFixture<SmppNodeClientTests.Gateway>
{
    [Fact]
    public async Task Single_concatenated_and_payload_submits_over_transceiver_and_transmitter_binds_each_get_one_receipt()
    {
        if (await RunAsync("mixed", []) is not { } result)
        {
            return;
        }

        var submits = result.GetProperty("results");
        string[] Ids(string kind) => [.. submits.GetProperty(kind).EnumerateArray().Select(r =>
        {
            Assert.Equal(0, r.GetProperty("status").GetInt32());
            return r.GetProperty("id").GetString()!;
        })];

        // A concatenation's parts are answered with the one message they became.
        Assert.Single(Ids("udh8").Distinct());
        Assert.Single(Ids("udh16").Distinct());
        var ids = new[] { "single", "transmitter", "udh8", "udh16", "payload" }.Select(k => Ids(k)[0]).ToList();
        Assert.Equal(5, ids.Distinct().Count());

        var texts = await TextsAsync(ids);
        Assert.Equal("Ciao @ from node-smpp", texts[ids[0]]);
        Assert.Equal("Sent over a transmitter bind", texts[ids[1]]);
        Assert.Equal("Привет, это первая часть — а это вторая 👋", texts[ids[2]]);
        Assert.Equal("Part 1 of three. Part 2 of three. Part 3 of three. ", texts[ids[3]]);
        Assert.Equal(string.Concat(Enumerable.Repeat("This text is longer than one short message and travels in message_payload. ", 3)), texts[ids[4]]);

        var receipts = result.GetProperty("receipts").EnumerateArray().ToList();
        Assert.Equal(ids.Order(), receipts.Select(r => r.GetProperty("id").GetString()!).Order());
        Assert.All(receipts, r =>
        {
            Assert.Equal(MessageState.Delivered, r.GetProperty("state").GetInt32());
            Assert.Contains("stat:DELIVRD", r.GetProperty("text").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_windowed_client_submitting_1000_messages_gets_each_accepted_once_with_one_receipt_each()
    {
        if (await RunAsync("window", new() { ["REENGAGE_SMPP_COUNT"] = "1000", ["REENGAGE_SMPP_WINDOW"] = "10" }) is not { } result)
        {
            return;
        }

        var answers = result.GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(1000, answers.Count);
        Assert.All(answers, a => Assert.Equal(0, a.GetProperty("status").GetInt32()));
        var ids = answers.Select(a => a.GetProperty("id").GetString()!).ToList();
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.Equal(1000, (await TextsAsync(ids)).Count);

        var receipts = result.GetProperty("receipts").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Order(), receipts.Order());
        var smpp = $"SMPP (node-smpp, one transceiver bind, window {result.GetProperty("window").GetInt32()}): 1000 submits accepted in {result.GetProperty("acceptedMs").GetInt32()} ms = {result.GetProperty("submitsPerSecond").GetInt32()} messages/s";

        // The HTTP API in the same run, on the same host and database, over real TCP (Kestrel): 10 clients, 1000 messages.
        var (httpMs, httpRate) = await HttpApiThroughputAsync(1000, 10);
        var http = $"HTTP (POST /api/v1/messages, 10 concurrent clients): 1000 messages accepted in {httpMs} ms = {httpRate} messages/s";
        output.WriteLine(smpp);
        output.WriteLine(http);
        Console.WriteLine($"Throughput, same run: {smpp}; {http}");
    }

    private async Task<(long Milliseconds, long PerSecond)> HttpApiThroughputAsync(int count, int clients)
    {
        using var api = gateway.Factory.Api();
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < count; n = Interlocked.Increment(ref next))
            {
                var response = await api.PostAsJsonAsync("/api/v1/messages", new { to = "+39348" + (1000000 + n).ToString(CultureInfo.InvariantCulture), text = $"HTTP message {n}" });
                Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            }
        }));
        watch.Stop();
        return (watch.ElapsedMilliseconds, (long)(count * 1000.0 / Math.Max(1, watch.ElapsedMilliseconds)));
    }

    private async Task<Dictionary<string, string>> TextsAsync(IReadOnlyList<string> ids)
    {
        var numbers = ids.Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
        await using var scope = gateway.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var rows = await db.Messages.AsNoTracking().Where(m => numbers.Contains(m.Id)).Select(m => new { m.Id, m.Text, m.Source }).ToListAsync();
        Assert.All(rows, r => Assert.StartsWith("smpp:shop:1:ACME", r.Source, StringComparison.Ordinal));
        return rows.ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture), r => r.Text);
    }

    private Task<JsonElement?> RunAsync(string scenario, Dictionary<string, string> environment) => NodeSmppClient.RunAsync(gateway.Port, scenario, environment);

    /// <summary>The gateway with one SMPP account as the node client uses it.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new(new()
        {
            ["Gateway:Smpp:Enabled"] = "true",
            ["Gateway:Smpp:Port"] = "0",
            ["Gateway:Smpp:Accounts:0:SystemId"] = "shop",
            ["Gateway:Smpp:Accounts:0:Password"] = "secret",
            ["Gateway:Smpp:Accounts:0:MaxBinds"] = "4",
            ["Gateway:Smpp:Accounts:0:WindowSize"] = "10",
            ["Gateway:Smpp:Accounts:0:Throughput"] = "0",
            ["Gateway:Simulation:DailyLimit"] = "100000",
        });

        public int Port => Factory.Services.GetRequiredService<SmppServer>().Port!.Value;

        public async Task InitializeAsync()
        {
            // Kestrel, not the in-memory test server: the HTTP API is measured over TCP, as node-smpp is.
            Factory.OnKestrel();
            await Factory.WaitForModemsAsync();
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
