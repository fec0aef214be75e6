using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/stats: today's figures for the dashboard's overview.</summary>
internal static class StatsApi
{
    public static RouteGroupBuilder MapStats(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", StatsAsync).WithName("Stats").WithSummary("Today's messages by state, send and delivery rate, queue depth, automations");
        return api;
    }

    private static async Task<Ok<StatsView>> StatsAsync(GatewayDbContext db, ModemRegistry pool, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var byState = await db.Messages.AsNoTracking().Where(m => m.CreatedAt >= dayStart).GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var queue = await db.Messages.CountAsync(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending, cancellationToken);
        var since = now.AddMinutes(-5);
        var recentParts = await db.Parts.CountAsync(p => p.SubmittedAt >= since, cancellationToken);
        var delivered = byState.GetValueOrDefault(MessageStatus.Delivered);
        var failed = byState.GetValueOrDefault(MessageStatus.Failed) + byState.GetValueOrDefault(MessageStatus.Expired);
        var automations = await db.Automations.AsNoTracking().OrderBy(a => a.Id).Select(a => new
        {
            a.Id,
            a.Name,
            a.Status,
            InProgress = db.Runs.Count(r => r.AutomationId == a.Id && r.Status == RunStatus.Active),
            Reactivated = db.Runs.Count(r => r.AutomationId == a.Id && r.Outcome == RunOutcome.Reactivated),
            Unsubscribed = db.Runs.Count(r => r.AutomationId == a.Id && r.Outcome == RunOutcome.NotEngaged),
        }).ToListAsync(cancellationToken);
        return TypedResults.Ok(new StatsView(
            Enum.GetValues<MessageStatus>().ToDictionary(s => MessagesApi.Name(s), s => byState.GetValueOrDefault(s)),
            queue,
            Math.Round(recentParts / 5.0, 1),
            delivered + failed == 0 ? null : Math.Round((double)delivered / (delivered + failed), 3),
            new ModemCountsView(pool.Handles.Count, pool.Handles.Count(h => h.CanSend)),
            [.. automations.Select(a => new AutomationFiguresView(a.Id, a.Name, a.Status.ToString().ToLowerInvariant(), a.InProgress, a.Reactivated, a.Unsubscribed))]));
    }
}

/// <summary>Today's figures: messages created today by state, the queue, parts sent per minute (last 5 minutes), delivery rate, modems, automations.</summary>
internal sealed record StatsView(
    IReadOnlyDictionary<string, int> Today,
    int QueueDepth,
    double PartsPerMinute,
    double? DeliveryRate,
    ModemCountsView Modems,
    IReadOnlyList<AutomationFiguresView> Automations);

internal sealed record ModemCountsView(int Total, int Online);

internal sealed record AutomationFiguresView(long Id, string Name, string Status, int InProgress, int Reactivated, int Unsubscribed);
