using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Api;

/// <summary>The per-key token buckets and what they tell a client.</summary>
internal sealed class ApiKeyRateLimiter : IDisposable
{
    public ApiKeyRateLimiter(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Settings = options.Value.Api.RateLimit;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, Settings.EffectiveBurst),
            TokensPerPeriod = Math.Max(1, Settings.PermitsPerSecond ?? 1),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context) is { } key
            ? RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket)
            : RateLimitPartition.GetNoLimiter(string.Empty));
    }

    public ApiRateLimitOptions Settings { get; }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    public void WriteHeaders(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PartitionOf(context) is not null && Limiter.GetStatistics(context) is { } statistics)
        {
            var remaining = (int)Math.Max(0, statistics.CurrentAvailablePermits);
            Write(context.Response, remaining, SecondsUntilFull(remaining));
        }
    }

    public async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var response = rejected.HttpContext.Response;
        Write(response, 0, seconds);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: $"This API key may make {Settings.PermitsPerSecond} requests a second, {Settings.EffectiveBurst} at once. Try again in {seconds} s.").ExecuteAsync(rejected.HttpContext);
    }

    public void Dispose() => Limiter.Dispose();

    // Only API-key requests to the API have a bucket, named by the key's hash: the key itself is never kept.
    private static string? PartitionOf(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthentication.SchemeName }
        && context.Request.Path.StartsWithSegments("/api")
        && ApiKeyAuthentication.KeyFrom(context.Request) is { } key
            ? ApiKeyAuthentication.CacheKey(ApiKey.HashOf(key))
            : null;

    private int SecondsUntilFull(int remaining) =>
        (int)Math.Ceiling((double)(Settings.EffectiveBurst - remaining) / Settings.PermitsPerSecond!.Value);

    private void Write(HttpResponse response, int remaining, int reset)
    {
        var headers = response.Headers;
        headers["RateLimit-Limit"] = Settings.EffectiveBurst.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = Math.Max(0, reset).ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"{Settings.PermitsPerSecond};w=1;burst={Settings.EffectiveBurst}");
    }
}
