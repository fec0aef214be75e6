using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ReEngage.Gateway.Tests;

/// <summary>What integrators' tools and devices do: bad query values, URL-only devices, browsers on the hub.</summary>
public sealed class IntegratorConventionsTests : IClassFixture<IntegratorConventionsTests.LegacyGateway>
{
    private readonly GatewayFactory factory;

    public IntegratorConventionsTests(LegacyGateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        factory = fixture.Gateway;
    }

    [Theory]
    [InlineData("/api/v1/messages?after=abc", "after")]
    [InlineData("/api/v1/messages?limit=-5", "limit")]
    [InlineData("/api/v1/messages?limit=0", "limit")]
    [InlineData("/api/v1/messages?limit=100000", "limit")]
    [InlineData("/api/v1/inbound?after=yesterday", "after")]
    [InlineData("/api/v1/inbound?limit=0", "limit")]
    public async Task ABadQueryValue_IsA400_NamingTheParameter(string url, string field)
    {
        var response = await factory.Api().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), errors.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
    }

    [Fact]
    public async Task LegacySend_TakesAnUnencodedPlus_AsTheInternationalPrefix()
    {
        var response = await factory.CreateClient().GetAsync($"/api/v1/send?to=+393471230001&text=Allarme+zona+3&key={GatewayFactory.Key}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = await (await factory.Api().GetAsync($"/api/v1/messages/{(await response.JsonAsync()).GetProperty("id").GetInt64()}")).JsonAsync();
        Assert.Equal("+393471230001", message.GetProperty("to").GetString());
        Assert.Equal("Allarme zona 3", message.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("&charset=iso-8859-1")]
    [InlineData("")]
    public async Task LegacySend_ReadsLatin1Text_NamedOrNot(string charset)
    {
        var response = await factory.CreateClient().GetAsync($"/api/v1/send?to=%2B393471230002&text=Caff%E8+pronto{charset}&key={GatewayFactory.Key}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = await (await factory.Api().GetAsync($"/api/v1/messages/{(await response.JsonAsync()).GetProperty("id").GetInt64()}")).JsonAsync();
        Assert.Equal("Caffè pronto", message.GetProperty("text").GetString());
    }

    [Fact]
    public async Task LegacySend_RefusesAnUnknownCharset_ByName()
    {
        var response = await factory.CreateClient().GetAsync($"/api/v1/send?to=%2B393471230003&text=x&charset=klingon&key={GatewayFactory.Key}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("charset", out _));
    }

    [Fact]
    public async Task TheHub_AcceptsTheKeyAsAccessToken_OverWebSockets_AndSendsTheModemsOnConnect()
    {
        var snapshot = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            // As the browser client sends it: the key in the access_token query (no header on a WebSocket).
            .WithUrl(new Uri(factory.Server.BaseAddress, $"/hubs/gateway?access_token={GatewayFactory.Key}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    Assert.Contains("access_token=", context.Uri.Query, StringComparison.Ordinal);
                    return await factory.Server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .Build();
        hub.On<JsonElement>("ModemsChanged", modems => snapshot.TrySetResult(modems));

        await hub.StartAsync();

        var modems = await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, modems.GetArrayLength());
    }

    [Fact]
    public async Task TheHub_RefusesAWrongAccessToken()
    {
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "/hubs/gateway?access_token=not-a-key"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellationToken) => await factory.Server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build();

        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
    }

    [Fact]
    public async Task AnIdempotencyKey_ReplaysTheSameRequest_AndRefusesAnotherWith422()
    {
        var api = factory.Api();
        var first = await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471230010", text = "Order 77 shipped", idempotencyKey = "order-77" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = (await first.JsonAsync()).GetProperty("id").GetInt64();

        var retry = await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471230010", text = "Order 77 shipped", idempotencyKey = "order-77" });
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(id, (await retry.JsonAsync()).GetProperty("id").GetInt64());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());

        var other = await api.PostAsJsonAsync("/api/v1/messages", new { to = "+393471230011", text = "Order 78 shipped", idempotencyKey = "order-77" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"message {id}", (await other.JsonAsync()).GetProperty("errors").GetProperty("idempotencyKey")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheIdempotencyKeyHeader_WorksLikeTheBodyField_AndMustAgreeWithIt()
    {
        var api = factory.Api();
        async Task<HttpResponseMessage> PostAsync(object body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await api.SendAsync(request);
        }

        var first = await PostAsync(new { to = "+393471230012", text = "Ticket 5" }, "ticket-5");
        var again = await PostAsync(new { to = "+393471230012", text = "Ticket 5" }, "ticket-5");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal((await first.JsonAsync()).GetProperty("id").GetInt64(), (await again.JsonAsync()).GetProperty("id").GetInt64());

        var mismatch = await PostAsync(new { to = "+393471230012", text = "Ticket 6", idempotencyKey = "ticket-6" }, "ticket-7");
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.True((await mismatch.JsonAsync()).GetProperty("errors").TryGetProperty("idempotencyKey", out _));
    }

    [Fact]
    public async Task Metrics_ListEverySeriesTheReadmeDocuments_FromTheFirstScrape_TheHttpServersAfterOneRequest()
    {
        using var fresh = new GatewayFactory();
        await fresh.WaitForModemsAsync();
        using var client = fresh.CreateClient();
        var samples = await SamplesAsync();

        // The HTTP server's series describe requests it served: a fresh gateway has served none, so that
        // family is looked for after one request.
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
        var afterOneRequest = await SamplesAsync();
        var documented = DocumentedMetrics();

        // The README's list, not a copy of it here: a series added to the README must appear, one removed
        // from the gateway fails. At least the ten reengage_ series and the three families of the README.
        Assert.True(documented.Count(d => d.Name.StartsWith("reengage_", StringComparison.Ordinal)) >= 10, "the README's /metrics row lists " + string.Join(", ", documented));
        foreach (var (name, labels) in documented)
        {
            if (name.EndsWith('*'))
            {
                // A family (http_*, process_*, dotnet_*): some series of it.
                var scrape = name == "http_*" ? afterOneRequest : samples;
                Assert.True(scrape.Any(s => s.StartsWith(name.TrimEnd('*'), StringComparison.Ordinal)), $"{name}: no series of this family");
                continue;
            }

            // A sample of the series itself (a histogram's _count counts), not just its HELP line.
            var series = samples.Where(s => Regex.IsMatch(s, $"^{Regex.Escape(name)}(_count|_total)?[{{ ]")).ToList();
            Assert.True(series.Count > 0, $"{name}: no sample on the first scrape");
            foreach (var label in labels)
            {
                var (key, values) = label;
                List<string?> wantedValues = values.Count > 0 ? [.. values] : key == "modem" ? ["sim-1", "sim-2"] : [null];
                foreach (var value in wantedValues)
                {
                    var wanted = value is null ? $"{key}=\"" : $"{key}=\"{value}\"";
                    Assert.True(series.Any(s => s.Contains(wanted, StringComparison.Ordinal)), $"{name}: no sample with {wanted} on the first scrape");
                }
            }
        }

        async Task<List<string>> SamplesAsync() => [.. (await client.GetStringAsync("/metrics")).Split('\n').Where(line => line.Length > 0 && line[0] != '#')];
    }

    /// <summary>
    /// The series the README's HTTP API table documents for GET /metrics, each with its labels and the label
    /// values it names (result="delivered"|"failed"); a modem label is checked for both simulated modems.
    /// </summary>
    private static List<(string Name, List<(string Key, List<string> Values)> Labels)> DocumentedMetrics()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReEngage.Gateway.sln")))
        {
            directory = directory.Parent;
        }

        var readme = File.ReadAllLines(Path.Combine(directory!.FullName, "README.md"));
        var row = Assert.Single(readme, l => l.StartsWith("| `GET /metrics` |", StringComparison.Ordinal));
        var cell = row[(row.IndexOf('|', 2) + 1)..];
        var documented = new List<(string, List<(string, List<string>)>)>();
        foreach (Match code in Regex.Matches(cell, "`([^`]+)`"))
        {
            // Series names only (lower case with underscores): the row also names promtool and the lint test.
            foreach (var token in code.Groups[1].Value.Split('/').Where(t => t.Contains('_', StringComparison.Ordinal) && !t.Contains(' ', StringComparison.Ordinal)))
            {
                var m = Regex.Match(token, @"^(?<name>[a-z_]+\*?)(\{(?<labels>[^}]*)\})?$");
                Assert.True(m.Success, $"unreadable series in the README: {token}");
                var labels = m.Groups["labels"].Success
                    ? m.Groups["labels"].Value.Split(',').Select(l =>
                    {
                        var parts = l.Split('=', 2);
                        return (parts[0].Trim(), parts.Length == 2 ? parts[1].Split('|').Select(v => v.Trim('"')).ToList() : new List<string>());
                    }).ToList()
                    : [];
                documented.Add((m.Groups["name"].Value, labels));
            }
        }

        return documented;
    }

    /// <summary>A gateway with the URL-only send enabled.</summary>
    public sealed class LegacyGateway : IDisposable
    {
        public GatewayFactory Gateway { get; } = new(new() { ["Gateway:Api:LegacySendEnabled"] = "true" });

        public void Dispose() => Gateway.Dispose();
    }
}
