using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A contact's planned steps in a forecast.</summary>
public sealed record ForecastContact(long ContactId, string Phone, string? Name, IReadOnlyList<ForecastStep> Steps, DateOnly End);

public sealed record ForecastStep(int Step, DateOnly Date, int Parts, bool OverBudget)
{
    /// <summary>The text would exceed the step's part limit: the contact will be skipped as too_long.</summary>
    public bool TooLong { get; init; }
}

public sealed record ForecastDay(DateOnly Date, int Step, string Name, int Messages, int Parts, decimal Cost);

public sealed record Forecast(int Contacts, int Messages, int Parts, decimal Cost, string Currency, IReadOnlyList<ForecastDay> Days, IReadOnlyList<ForecastContact> Schedule, int ScheduleTotal)
{
    /// <summary>Messages that would be skipped as too_long, per step name: the warning before activation.</summary>
    public IReadOnlyDictionary<string, int> SkippedTooLong { get; init; } = new Dictionary<string, int>();

    /// <summary>Contacts the holdout will keep from every step (not in <see cref="Contacts"/>).</summary>
    public int HeldOut { get; init; }
}

/// <summary>Automations: validation, activation, forecast and results.</summary>
public sealed class AutomationService(GatewayDbContext db, SegmentService segments, MarketingReports reports, MeasurementService measurement, IOptions<GatewayOptions> options, TimeProvider time)
{
    public async Task<(Automation? Automation, FieldErrors? Errors)> SaveAsync(long? id, string? name, long segmentId, AutomationDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = DefinitionValidation.Automation(definition, options.Value);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors.Add("name", "An automation needs a name of at most 200 characters.");
        }

        if (!await db.Segments.AnyAsync(s => s.Id == segmentId, cancellationToken).ConfigureAwait(false))
        {
            errors.Add("segmentId", $"There is no segment {segmentId}.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = time.GetUtcNow();
        Automation automation;
        if (id is { } existing)
        {
            automation = await db.Automations.FirstAsync(a => a.Id == existing, cancellationToken).ConfigureAwait(false);

            // The seed stays the one the runs so far were drawn with.
            definition.Seed ??= MarketingJson.Read<AutomationDefinition>(automation.DefinitionJson).Seed ?? automation.Id;
            automation.Name = name!;
            automation.SegmentId = segmentId;
            automation.DefinitionJson = MarketingJson.Write(definition);
        }
        else
        {
            definition.Seed ??= Seeds.New();
            automation = new Automation { Name = name!, SegmentId = segmentId, DefinitionJson = MarketingJson.Write(definition), CreatedAt = now, Status = AutomationStatus.Draft };
            db.Automations.Add(automation);
        }

        automation.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (automation, null);
    }

    public async Task<Automation?> SetStatusAsync(long id, AutomationStatus status, CancellationToken cancellationToken)
    {
        var automation = await db.Automations.FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        if (automation is null)
        {
            return null;
        }

        automation.Status = status;
        automation.UpdatedAt = time.GetUtcNow();
        automation.ActivatedAt ??= status == AutomationStatus.Active ? automation.UpdatedAt : null;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return automation;
    }

    /// <summary>
    /// Who gets which step on which day, and the cost, assuming nobody engages (the most it can cost):
    /// contacts in runs now, members who would be enrolled today, and those who will enter the segment
    /// over the automation's length if they stay inactive.
    /// </summary>
    public async Task<Forecast?> ForecastAsync(long id, int scheduleLimit, CancellationToken cancellationToken)
    {
        var automation = await db.Automations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        if (automation is null)
        {
            return null;
        }

        var settings = options.Value;
        var definition = MarketingJson.Read<AutomationDefinition>(automation.DefinitionJson);
        var segment = await db.Segments.AsNoTracking().FirstAsync(s => s.Id == automation.SegmentId, cancellationToken).ConfigureAwait(false);
        var rule = SegmentService.ReadRule(segment);
        var now = time.GetUtcNow();
        var zone = segments.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var renderers = definition.Steps.Select(s => new StepRenderer(s, settings)).ToList();

        // (contact, enrolment day, first step, first step day)
        var plans = new List<(Contact Contact, DateOnly Enrolled, int FirstStep, DateOnly FirstDay)>();
        var runs = await db.Runs.AsNoTracking().Where(r => r.AutomationId == id && r.Status == RunStatus.Active)
            .Join(db.Contacts.Include(c => c.Attributes), r => r.ContactId, c => c.Id, (r, c) => new { Run = r, Contact = c })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var x in runs)
        {
            plans.Add((x.Contact, Day(x.Run.EnrolledAt, zone), x.Run.NextStep, Day(x.Run.NextAt < now ? now : x.Run.NextAt, zone)));
        }

        var seen = runs.Select(x => x.Contact.Id).ToHashSet();
        for (var day = 0; day <= definition.TimeLimitDays; day++)
        {
            var at = now.AddDays(day);
            var candidates = segments.Reachable(rule, includeSleeping: true, at)
                .Where(c => !db.Runs.Any(r => r.AutomationId == id && r.ContactId == c.Id && (r.Status == RunStatus.Active || c.LastEngagedAt == null || r.EndedAt >= c.LastEngagedAt)));
            if (day > 0)
            {
                // Only those who enter the segment on this day.
                var before = SegmentCompiler.Compile(rule, now.AddDays(day - 1), zone);
                candidates = candidates.Where(System.Linq.Expressions.Expression.Lambda<Func<Contact, bool>>(System.Linq.Expressions.Expression.Not(before.Body), before.Parameters));
            }

            var entering = await candidates.Include(c => c.Attributes).AsSplitQuery().ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var contact in entering.Where(c => seen.Add(c.Id)))
            {
                var enrolled = today.AddDays(day);
                plans.Add((contact, enrolled, 0, enrolled.AddDays(definition.Steps[0].WaitDays)));
            }
        }

        var sample = settings.Marketing.LinkLength;
        var planned = new List<(ForecastContact Contact, List<ForecastStep> Steps)>();
        var seed = AutomationRunner.SeedOf(automation, definition);
        var heldOut = 0;
        foreach (var (contact, enrolled, firstStep, firstDay) in plans)
        {
            // The holdout draw is known in advance: those contacts cost nothing.
            if (SplitPolicy.IsHeldOut(seed, contact.Id, definition.HoldoutPercent))
            {
                heldOut++;
                continue;
            }

            var steps = new List<ForecastStep>();
            var end = enrolled.AddDays(definition.TimeLimitDays);
            var date = firstDay;
            for (var step = firstStep; step < definition.Steps.Count; step++)
            {
                if (step > firstStep)
                {
                    date = date.AddDays(definition.Steps[step].WaitDays);
                }

                if (date >= end)
                {
                    break;
                }

                var text = renderers[step].Render(contact, new string('x', sample), new string('X', CouponCodes.SampleLength(definition.Steps[step].Coupon)), now.AddDays(definition.Steps[step].Coupon?.ValidDays ?? 0));
                steps.Add(new ForecastStep(step, date, text.Invalid ? 0 : text.Parts, false) { TooLong = text.TooLong || text.Invalid });
            }

            planned.Add((new ForecastContact(contact.Id, contact.Phone, string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => n is not null)), steps, end), steps));
        }

        // The budget is spent in date order; what is left over is marked.
        var spent = await db.Sends.Where(s => s.AutomationId == id && s.Outcome == SendOutcome.Sent).SumAsync(s => s.Parts, cancellationToken).ConfigureAwait(false);
        foreach (var (steps, index, stepIndex) in planned.SelectMany(p => p.Steps.Select((s, i) => (p.Steps, Index: i, s))).OrderBy(x => x.s.Date).ThenBy(x => x.s.Step).Select(x => (x.Steps, x.Index, x.s)).ToList())
        {
            if (stepIndex.TooLong)
            {
                continue;
            }

            spent += stepIndex.Parts;
            if (definition.BudgetParts is { } budget && spent > budget)
            {
                steps[index] = stepIndex with { OverBudget = true };
                spent -= stepIndex.Parts;
            }
        }

        var cost = settings.Marketing.CostPerPart;
        var sent = planned.SelectMany(p => p.Steps).Where(s => !s.OverBudget && !s.TooLong).ToList();
        var tooLong = planned.SelectMany(p => p.Steps).Where(s => s.TooLong).GroupBy(s => s.Step).ToDictionary(g => definition.Steps[g.Key].Name, g => g.Count());
        var days = sent.GroupBy(s => (s.Date, s.Step)).OrderBy(g => g.Key.Date).ThenBy(g => g.Key.Step)
            .Select(g => new ForecastDay(g.Key.Date, g.Key.Step, definition.Steps[g.Key.Step].Name, g.Count(), g.Sum(s => s.Parts), g.Sum(s => s.Parts) * cost)).ToList();
        var schedule = planned.Take(Math.Max(0, scheduleLimit)).Select(p => p.Contact with { Steps = p.Steps }).ToList();
        return new Forecast(planned.Count, sent.Count, sent.Sum(s => s.Parts), sent.Sum(s => s.Parts) * cost, settings.Marketing.Currency, days, schedule, planned.Count) { SkippedTooLong = tooLong, HeldOut = heldOut };
    }

    public async Task<AutomationReport?> ReportAsync(long id, ReportRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        var automation = await db.Automations.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken).ConfigureAwait(false);
        if (automation is null)
        {
            return null;
        }

        var definition = MarketingJson.Read<AutomationDefinition>(automation.DefinitionJson);
        var cost = options.Value.Marketing.CostPerPart;
        var steps = await reports.StepsAsync(id, null, definition.WelcomeBack is { } welcome ? [.. definition.Steps, welcome] : definition.Steps, cost, range, cancellationToken).ConfigureAwait(false);
        var from = range.From ?? DateTimeOffset.MinValue;
        var to = range.To ?? DateTimeOffset.MaxValue;
        var all = await db.Runs.AsNoTracking().Where(r => r.AutomationId == id && r.EnrolledAt >= from && r.EnrolledAt < to).GroupBy(r => new { r.Status, r.Outcome, r.HeldOut })
            .Select(g => new { g.Key.Status, g.Key.Outcome, g.Key.HeldOut, Count = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);

        // Enrolment counts everyone; outcomes count the messaged only (the held out were never asked to come back).
        var runs = all.Where(r => !r.HeldOut).ToList();
        var measured = await measurement.AutomationAsync(automation, definition, range, cancellationToken).ConfigureAwait(false);
        var reactivated = runs.Where(r => r.Outcome == RunOutcome.Reactivated).Sum(r => r.Count);
        var parts = steps.Sum(s => s.Parts);
        return new AutomationReport(
            id,
            automation.Status.ToString().ToLowerInvariant(),
            all.Sum(r => r.Count),
            all.Where(r => r.HeldOut).Sum(r => r.Count),
            all.Where(r => r.Status == RunStatus.Active).Sum(r => r.Count),
            reactivated,
            runs.Where(r => r.Outcome == RunOutcome.NotEngaged).Sum(r => r.Count),
            runs.Where(r => r.Outcome == RunOutcome.Left).Sum(r => r.Count),
            parts,
            parts * cost,
            options.Value.Marketing.Currency,
            reactivated == 0 ? null : Math.Round(parts * cost / reactivated, 4),
            range.From,
            range.To,
            steps,
            measured.Holdout,
            measured.Revenue,
            measured.RevenuePerMessage,
            measured.Roi,
            measured.AttributeTo,
            measured.AttributionDays,
            measured.StepRevenue,
            measured.Variants,
            measured.Days);
    }

    private static DateOnly Day(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}

/// <summary>An automation's results: enrolment and outcomes, per-step counts, cost, the holdout comparison, revenue, A/B variants and results per day.</summary>
public sealed record AutomationReport(
    long AutomationId,
    string Status,
    int Enrolled,
    int HeldOut,
    int InProgress,
    int Reactivated,
    int Unsubscribed,
    int Left,
    int Parts,
    decimal Cost,
    string Currency,
    decimal? CostPerReactivated,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyList<StepResults> Steps,
    HoldoutResult Holdout,
    double Revenue,
    double RevenuePerMessage,
    double? Roi,
    string AttributeTo,
    int AttributionDays,
    IReadOnlyList<StepRevenue> StepRevenue,
    IReadOnlyDictionary<int, IReadOnlyList<VariantResult>> Variants,
    IReadOnlyList<DayResult> Days);
