using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Api;

/// <summary>Series for the dashboard's charts: what people look at rather than read.</summary>
internal static class ChartsApi
{
    public static RouteGroupBuilder MapCharts(this RouteGroupBuilder api)
    {
        api.MapGet("/stats/hourly", HourlyAsync).WithQuery("hours").WithName("HourlyStats").WithSummary("Messages sent per hour per modem over the last 'hours' (default 24)");
        return api;
    }

    private static async Task<Results<Ok<HourlyView>, ValidationProblem>> HourlyAsync(int? hours, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var span = hours ?? 24;
        if (span is < 1 or > 24 * 14)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hours"] = ["'hours' must be between 1 and 336 (two weeks)."] });
        }

        var now = time.GetUtcNow();
        var first = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1 - span);
        var sent = await db.Messages.AsNoTracking().Where(m => m.SentAt != null && m.SentAt >= first && m.Modem != null)
            .Select(m => new { m.Modem, m.SentAt }).ToListAsync(cancellationToken);
        var slots = Enumerable.Range(0, span).Select(h => first.AddHours(h)).ToList();
        var modems = sent.GroupBy(m => m.Modem!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => slots.Select(s => g.Count(m => m.SentAt >= s && m.SentAt < s.AddHours(1))).ToArray());
        return TypedResults.Ok(new HourlyView([.. slots.Select(s => s.ToUnixTimeSeconds())], modems));
    }
}

/// <summary>The start of each hour (Unix seconds), and per modem the parts sent in each of those hours.</summary>
internal sealed record HourlyView(IReadOnlyList<long> Hours, IReadOnlyDictionary<string, int[]> Modems);
