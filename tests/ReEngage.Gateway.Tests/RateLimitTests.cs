using System.Net;
using System.Net.Http.Json;

namespace ReEngage.Gateway.Tests;

/// <summary>Gateway:Api:RateLimit: each API key has its own allowance, told in RateLimit-* headers; beyond it, 429 problems.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new(new Dictionary<string, string?>
    {
        ["Gateway:Api:RateLimit:PermitsPerSecond"] = "1",
        ["Gateway:Api:RateLimit:Burst"] = "3",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task AKeyBeyondItsBurst_Gets429WithRetryAfter_WhileAnotherKeyGoesOn()
    {
        using var api = factory.Api();
        var other = (await (await api.PostAsJsonAsync("/api/v1/keys", new { name = "second shop" })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("key").GetString()!;
        // Refills at one a second: a burst of requests soon runs out, whatever the refill added meanwhile.
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await api.GetAsync("/api/v1/modems"));
        }

        var first = answers[0];
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("3", Header(first, "RateLimit-Limit"));
        Assert.InRange(int.Parse(Header(first, "RateLimit-Remaining"), System.Globalization.CultureInfo.InvariantCulture), 0, 2);
        Assert.Equal("1;w=1;burst=3", Header(first, "RateLimit-Policy"));

        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.JsonAsync();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());

        using var second = factory.CreateClient();
        second.DefaultRequestHeaders.Add("X-Api-Key", other);
        var answer = await second.GetAsync("/api/v1/modems");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("2", Header(answer, "RateLimit-Remaining"));

        // Unauthenticated requests are not counted against anyone: they are refused as before.
        using var stranger = factory.CreateClient();
        var refusedStranger = await stranger.GetAsync("/api/v1/modems");
        Assert.Equal(HttpStatusCode.Unauthorized, refusedStranger.StatusCode);
        Assert.False(refusedStranger.Headers.Contains("RateLimit-Limit"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : $"(no {name})";
}
