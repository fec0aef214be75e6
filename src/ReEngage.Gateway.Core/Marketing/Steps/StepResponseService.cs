using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>One reply counted for a survey or contest step, with who sent it.</summary>
public sealed record ResponseRow(long ContactId, string? ExternalId, string Phone, string? Name, string Kind, string Text, DateTimeOffset At);

/// <summary>How many gave each answer (trimmed, case-folded: "5", " 5 " and "5." are one answer).</summary>
public sealed record AnswerCount(string Answer, int Count, double Share);

/// <summary>Survey answers and contest entries of one step, and fair winner draws among the entrants.</summary>
public sealed class StepResponseService(GatewayDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<ResponseRow>> ResponsesAsync(long? automationId, long? campaignId, int step, CancellationToken cancellationToken) =>
        await db.Responses.AsNoTracking()
            .Where(r => (automationId != null ? r.AutomationId == automationId : r.CampaignId == campaignId) && r.Step == step)
            .Join(db.Contacts, r => r.ContactId, c => c.Id, (r, c) => new { r, c })
            .OrderBy(x => x.r.At).ThenBy(x => x.r.Id)
            .Select(x => new ResponseRow(x.c.Id, x.c.ExternalId, x.c.Phone, ((x.c.FirstName ?? string.Empty) + " " + (x.c.LastName ?? string.Empty)).Trim(), x.r.Kind, x.r.Text, x.r.At))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Each contact's latest answer counts once: someone who corrects "3" to "4" is one "4".</summary>
    public static IReadOnlyList<AnswerCount> Breakdown(IReadOnlyList<ResponseRow> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var latest = responses.GroupBy(r => r.ContactId).Select(g => Normalize(g.OrderBy(r => r.At).Last().Text)).ToList();
        return [.. latest.GroupBy(a => a).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AnswerCount(g.Key, g.Count(), Math.Round((double)g.Count() / latest.Count, 4)))];
    }

    /// <summary>Draws and records winners among the step's entrants so far.</summary>
    public async Task<ContestDraw> DrawAsync(long? automationId, long? campaignId, int step, int winners, long? seed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entrants = await db.Responses.AsNoTracking()
            .Where(r => (automationId != null ? r.AutomationId == automationId : r.CampaignId == campaignId) && r.Step == step && r.At <= now)
            .Select(r => r.ContactId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        var drawSeed = seed ?? Seeds.New();
        var draw = new ContestDraw
        {
            AutomationId = automationId, CampaignId = campaignId, Step = step, Seed = drawSeed, Entrants = entrants.Count,
            WinnersJson = JsonSerializer.Serialize(WinnerDraw.Pick(drawSeed, entrants, winners)), At = now, EntriesUntil = now,
        };
        db.Draws.Add(draw);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return draw;
    }

    public async Task<IReadOnlyList<ContestDraw>> DrawsAsync(long? automationId, long? campaignId, int step, CancellationToken cancellationToken) =>
        await db.Draws.AsNoTracking().Where(d => (automationId != null ? d.AutomationId == automationId : d.CampaignId == campaignId) && d.Step == step)
            .OrderByDescending(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);

    private static string Normalize(string text) => text.Trim().TrimEnd('.', '!', '?').Trim().ToUpperInvariant();
}
