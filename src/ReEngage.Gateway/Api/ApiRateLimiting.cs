using Microsoft.AspNetCore.RateLimiting;

namespace ReEngage.Gateway.Api;

/// <summary>
/// Requests per API key (Gateway:Api:RateLimit), by ASP.NET Core's rate limiter: a token bucket per key that
/// refills PermitsPerSecond a second up to Burst. Off unless configured; dashboard sessions are never limited.
/// Every limited answer says where the key stands (the IETF draft's RateLimit-* headers), and a refusal is a
/// 429 problem with Retry-After.
/// </summary>
internal static class ApiRateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiKeyRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = limiter.RejectAsync;
        });
        return services;
    }

    /// <summary>After authentication: the partition is the authenticated key.</summary>
    public static WebApplication UseApiRateLimiting(this WebApplication app)
    {
        var limiter = app.Services.GetRequiredService<ApiKeyRateLimiter>();
        if (!limiter.Settings.Enabled)
        {
            return app;
        }

        app.UseRateLimiter();
        app.Use((context, next) =>
        {
            limiter.WriteHeaders(context);
            return next(context);
        });
        return app;
    }
}
