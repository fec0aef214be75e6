using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ReEngage.Gateway.Tests;

/// <summary>Webhooks delivered to a real HTTP receiver on loopback: signed, retried, recorded.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new();
    private readonly ConcurrentQueue<(string Event, string Signature, string Body)> received = new();
    private WebApplication receiver = null!;
    private string receiverUrl = string.Empty;
    private readonly ConcurrentQueue<(string Id, string UserAgent, bool Verified, string Body)> standard = new();
    private string standardSecret = string.Empty;
    private int calls;
    private int standardCalls;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            // The first call fails: the gateway must retry it.
            if (Interlocked.Increment(ref calls) == 1)
            {
                return Results.StatusCode(500);
            }

            using var reader = new StreamReader(request.Body);
            received.Enqueue((request.Headers["X-ReEngage-Event"].ToString(), request.Headers["X-ReEngage-Signature"].ToString(), await reader.ReadToEndAsync()));
            return Results.Ok();
        });
        receiver.MapPost("/std", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            bool verified;
            try
            {
                // The Standard Webhooks library, as an integrator's receiver would use it.
                new StandardWebhooks.StandardWebhook(standardSecret).Verify(body, request.Headers);
                verified = true;
            }
            catch (Exception)
            {
                verified = false;
            }

            standard.Enqueue((request.Headers["webhook-id"].ToString(), request.Headers.UserAgent.ToString(), verified, body));
            return Interlocked.Increment(ref standardCalls) == 1 ? Results.StatusCode(503) : Results.Ok();
        });
        await receiver.StartAsync();
        receiverUrl = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        await factory.WaitForModemsAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task Deliveries_FollowStandardWebhooks_VerifiedByItsLibrary_WithOneIdAcrossRetries()
    {
        var client = factory.Api();
        var created = await (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiverUrl.Replace("/hook", "/std", StringComparison.Ordinal), events = new[] { "message.status" } })).JsonAsync();
        standardSecret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", standardSecret, StringComparison.Ordinal);

        var id = await client.SendAsync(new { to = "+393471234568", text = "standard webhooks" });
        await client.WaitForStatusAsync(id, "delivered");
        for (var i = 0; i < 150 && !(standard.Any(r => r.Body.Contains("\"delivered\"", StringComparison.Ordinal))
            && standard.Count(r => r.Body == standard.First().Body) >= 2); i++)
        {
            await Task.Delay(100); // the refused first delivery is retried 5 s later
        }

        Assert.NotEmpty(standard);
        Assert.All(standard, r => Assert.True(r.Verified, $"not verified: {r.Id}"));
        Assert.All(standard, r => Assert.StartsWith("ReEngage-Gateway/", r.UserAgent, StringComparison.Ordinal));
        var refused = standard.First();
        var again = standard.Where(r => r.Body == refused.Body).ToList();
        Assert.True(again.Count >= 2, "the first delivery was refused, so it must have come twice");
        Assert.Single(again.Select(r => r.Id).Distinct());
        Assert.Equal(standard.Select(r => r.Id).Distinct().Count(), standard.Select(r => r.Body).Distinct().Count());
    }

    [Fact]
    public async Task StatusAndInboundEvents_AreSigned_RetriedAfterAFailure_AndRecorded()
    {
        var client = factory.Api();
        const string secret = "0123456789abcdef-secret";
        var created = await client.PostAsJsonAsync("/api/v1/webhooks", new { url = receiverUrl, events = new[] { "message.status", "message.inbound", "contact.optout" }, secret });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hookId = (await created.JsonAsync()).GetProperty("id").GetInt64();

        var id = await client.SendAsync(new { to = "+393471234567", text = "webhook me" });
        await client.WaitForStatusAsync(id, "delivered");
        await client.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393471234567", text = "STOP" });

        for (var i = 0; i < 150 && !(received.Any(r => r.Body.Contains("\"delivered\"", StringComparison.Ordinal)) && received.Any(r => r.Event == "contact.optout") && received.Any(r => r.Event == "message.inbound")); i++)
        {
            await Task.Delay(100); // the first retry comes 5 s after the failure
        }

        Assert.Contains(received, r => r.Event == "message.status" && r.Body.Contains("\"delivered\"", StringComparison.Ordinal));
        Assert.Contains(received, r => r.Event == "message.inbound" && r.Body.Contains("STOP", StringComparison.Ordinal));
        Assert.Contains(received, r => r.Event == "contact.optout" && r.Body.Contains("+393471234567", StringComparison.Ordinal));
        foreach (var (_, signature, body) in received)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
            Assert.Equal(expected, signature);
            using var json = JsonDocument.Parse(body);
            Assert.True(json.RootElement.TryGetProperty("data", out _));
        }

        // The delivery that met the 500 is retried 5 s later; wait for that retry to be recorded.
        var deliveries = default(JsonElement);
        for (var i = 0; i < 150; i++)
        {
            deliveries = await (await client.GetAsync($"/api/v1/webhooks/{hookId}/deliveries")).JsonAsync();
            if (deliveries.EnumerateArray().All(d => d.GetProperty("state").GetString() == "delivered"))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Contains(deliveries.EnumerateArray(), d => d.GetProperty("attempts").GetInt32() >= 2 && d.GetProperty("state").GetString() == "delivered" && d.GetProperty("lastStatusCode").GetInt32() == 200);
        Assert.All(deliveries.EnumerateArray(), d => Assert.NotEqual("failed", d.GetProperty("state").GetString()));
    }
}
