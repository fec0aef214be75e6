using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Moves automations forward: enrols new members of the segment, sends each due step (or skips it for
/// contacts who already engaged), and ends runs — engaged contacts back to active, the others
/// unsubscribed. Everything is decided from the database and the clock, so a restart in the middle
/// continues where it stopped.
/// </summary>
public sealed partial class AutomationRunner(GatewayDbContext db, SegmentService segments, MarketingSender sender, Transactions transactions, TimeProvider time, ILogger<AutomationRunner> logger)
{
    private const int Batch = 1000;

    private const string EnrolSql =
        "INSERT INTO automation_runs (\"AutomationId\", \"ContactId\", \"Status\", \"EnrolledAt\", \"NextStep\", \"NextAt\", \"HeldOut\") VALUES (@automation, @contact, 'Active', @at, 0, @next, @heldOut)";

    /// <summary>One pass over every active automation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var automations = await db.Automations.AsNoTracking().Where(a => a.Status == AutomationStatus.Active).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var automation in automations)
        {
            await EnrolAsync(automation, cancellationToken).ConfigureAwait(false);
            await AdvanceAsync(automation, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Enrols the segment's reachable members who are not in a run of this automation. After a run has
    /// ended, a contact comes back only once they have engaged again since: a reactivated clicker who still
    /// has not bought is not sent the survey a second time the next morning.
    /// </summary>
    public async Task<int> EnrolAsync(Automation automation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(automation);
        var segment = await db.Segments.AsNoTracking().FirstAsync(s => s.Id == automation.SegmentId, cancellationToken).ConfigureAwait(false);
        var definition = MarketingJson.Read<AutomationDefinition>(automation.DefinitionJson);
        var now = time.GetUtcNow();
        var id = automation.Id;
        var ids = await segments.Reachable(SegmentService.ReadRule(segment), includeSleeping: true, now)
            .Where(c => !db.Runs.Any(r => r.AutomationId == id && r.ContactId == c.Id
                && (r.Status == RunStatus.Active || c.LastEngagedAt == null || r.EndedAt >= c.LastEngagedAt)))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return 0;
        }

        var first = now.AddDays(definition.Steps.Count > 0 ? definition.Steps[0].WaitDays : definition.TimeLimitDays);
        await transactions.RunAsync(db, async (connection, transaction) =>
        {
            await using var insert = RawSql.Command(connection, transaction, EnrolSql, "@automation", "@contact", "@at", "@next", "@heldOut");
            var seed = SeedOf(automation, definition);
            foreach (var contact in ids)
            {
                // The holdout is drawn at enrolment and stored: editing the share later does not move anyone.
                RawSql.Set(insert, id, contact, now.UtcTicks, first.UtcTicks, SplitPolicy.IsHeldOut(seed, contact, definition.HoldoutPercent));
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        LogEnrolled(logger, id, ids.Count);
        return ids.Count;
    }

    /// <summary>Handles every run that is due (or engaged, when engagement ends a run).</summary>
    public async Task AdvanceAsync(Automation automation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(automation);
        var definition = MarketingJson.Read<AutomationDefinition>(automation.DefinitionJson);
        var id = automation.Id;
        var exitOnEngagement = definition.ExitOnEngagement;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            db.ChangeTracker.Clear();
            var due = await db.Runs
                .Where(r => r.AutomationId == id && r.Status == RunStatus.Active && (r.NextAt <= now || (exitOnEngagement && r.EngagedAt != null)))
                .OrderBy(r => r.NextAt).ThenBy(r => r.Id).Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (due.Count == 0)
            {
                return;
            }

            var contactIds = due.Select(r => r.ContactId).ToList();
            var contacts = await db.Contacts.Include(c => c.Attributes).AsSplitQuery().Where(c => contactIds.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, cancellationToken).ConfigureAwait(false);
            var toSend = new Dictionary<(int Step, int Variant), List<Recipient>>();
            var seed = SeedOf(automation, definition);
            var skipped = new List<MarketingSend>();
            var changes = new List<Action>();
            var ended = new List<(AutomationRun Run, Contact Contact)>();
            foreach (var run in due)
            {
                var contact = contacts[run.ContactId];
                var engaged = run.EngagedAt is not null;
                if (contact.Status is ContactStatus.OptedOut or ContactStatus.Unsubscribed)
                {
                    changes.Add(() => End(run, contact, RunOutcome.Left, null, id, now));
                }
                else if (engaged && exitOnEngagement)
                {
                    ended.Add((run, contact));
                    changes.Add(() => End(run, contact, RunOutcome.Reactivated, definition.EngagedStatus, id, now));
                }
                else if (run.NextStep >= definition.Steps.Count || now >= run.EnrolledAt.AddDays(definition.TimeLimitDays))
                {
                    ended.Add((run, contact));
                    changes.Add(() => End(run, contact, engaged ? RunOutcome.Reactivated : RunOutcome.NotEngaged, engaged ? definition.EngagedStatus : definition.NotEngagedStatus, id, now));
                }
                else
                {
                    var step = definition.Steps[run.NextStep];
                    if (step.OnlyIfNotEngaged && engaged)
                    {
                        skipped.Add(new MarketingSend { ContactId = contact.Id, AutomationId = id, RunId = run.Id, Step = run.NextStep, At = now, Outcome = SendOutcome.Skipped, SkipReason = "engaged" });
                    }
                    else if (run.HeldOut)
                    {
                        // Recorded on the day the step would have gone: the control group's timeline mirrors the messaged one's.
                        skipped.Add(new MarketingSend { ContactId = contact.Id, AutomationId = id, RunId = run.Id, Step = run.NextStep, At = now, Outcome = SendOutcome.Skipped, SkipReason = "holdout" });
                    }
                    else
                    {
                        var key = (run.NextStep, SplitPolicy.Variant(seed, contact.Id, run.NextStep, step.Texts().Count));
                        (toSend.TryGetValue(key, out var list) ? list : toSend[key] = []).Add(new Recipient(contact, run.Id));
                    }

                    changes.Add(() => NextStep(run, definition, now));
                }
            }

            // Messages first, run changes after: a crash in between repeats the step, and the
            // message's idempotency key (run:step) turns the repeat into a record of the first send.
            foreach (var ((step, variant), recipients) in toSend)
            {
                var s = definition.Steps[step];
                var context = s.Variants is { Count: > 0 }
                    ? new SendContext(id, null, step, SendContext.WithText(s, variant), definition.FrequencyCap, definition.FrequencyDays, definition.BudgetParts) { Variant = variant }
                    : new SendContext(id, null, step, s, definition.FrequencyCap, definition.FrequencyDays, definition.BudgetParts);
                await sender.SendAsync(context, recipients, cancellationToken).ConfigureAwait(false);
            }

            // Welcome back: a word for those who came back, before their runs are saved as ended (a crash
            // in between repeats it, and the idempotency key turns the repeat into a record of the first).
            if (definition.WelcomeBack is { } welcome)
            {
                var back = ended.Where(e => !e.Run.HeldOut && e.Run.EngagedAt is not null && e.Contact.Status is ContactStatus.Active or ContactStatus.Sleeping)
                    .Select(e => new Recipient(e.Contact, e.Run.Id)).ToList();
                await sender.SendAsync(new SendContext(id, null, definition.Steps.Count, welcome, definition.FrequencyCap, definition.FrequencyDays, definition.BudgetParts), back, cancellationToken).ConfigureAwait(false);
            }

            changes.ForEach(change => change());

            db.Sends.AddRange(skipped);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The stored seed; automations saved before seeds existed draw from their id.</summary>
    internal static long SeedOf(Automation automation, AutomationDefinition definition) => definition.Seed ?? automation.Id;

    private static void NextStep(AutomationRun run, AutomationDefinition definition, DateTimeOffset now)
    {
        // Waits count from when the step was due, not from when a tick got to it: the schedule stays
        // the one the forecast showed. After a long pause, from now.
        var basis = run.NextAt < now.AddDays(-1) ? now : run.NextAt;
        run.NextStep++;
        run.NextAt = run.NextStep < definition.Steps.Count
            ? basis.AddDays(definition.Steps[run.NextStep].WaitDays)
            : run.EnrolledAt.AddDays(definition.TimeLimitDays);
    }

    private static void End(AutomationRun run, Contact contact, RunOutcome outcome, ContactStatus? status, long automationId, DateTimeOffset now)
    {
        run.Status = RunStatus.Completed;
        run.Outcome = outcome;
        run.EndedAt = now;

        // Only the list the contact is on changes: an opt-out is never undone by an automation (the
        // transition rules refuse it, and the refusal leaves the contact where they are). A held-out contact
        // was never asked, so the automation does not move them either.
        if (!run.HeldOut && status is { } s && contact.Status is ContactStatus.Active or ContactStatus.Sleeping)
        {
            contact.ChangeStatus(s, ContactChangeBy.Marketing, $"automation:{automationId}", now);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Automation {AutomationId}: {Count} contacts enrolled")]
    private static partial void LogEnrolled(ILogger logger, long automationId, int count);
}
