using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Webhooks;
using ReEngage.Gateway.Sms;
using static ReEngage.Gateway.Core.Tests.Messages;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>Two writers of one message on the real database: serialised by the version, never a lost update.</summary>
public sealed class ConcurrentWriterTests
{
    [Fact]
    public async Task AReportSavedWhileTheSenderHeldItsCopy_IsNotOverwritten_AndEachMoveGivesOneWebhook()
    {
        await using var database = await OutboxDatabase.CreateAsync();
        await using (var setup = database.Scope())
        {
            var db = setup.ServiceProvider.GetRequiredService<GatewayDbContext>();
            db.Webhooks.Add(new Webhook { Url = "http://127.0.0.1:9/hook", Events = WebhookEvents.MessageStatus, Secret = "s" });
            await db.SaveChangesAsync();
        }

        var id = await database.InsertAsync(New(id: 0));

        // The sender claims it and submits its part, then keeps its tracked copy.
        await using var senderScope = database.Scope();
        var sender = senderScope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var mine = await sender.Messages.Include(m => m.Parts).SingleAsync(m => m.Id == id);
        mine.Claim("node-a", "sim-1", T0.AddHours(1));
        mine.BeginPart(1, T0.AddHours(1));
        mine.PartSubmitted(1, 42, DateTimeOffset.UtcNow);
        await sender.SaveChangesAsync();

        // The status report arrives and is saved by another writer before the sender's "sent" checkpoint.
        await using (var reportScope = database.Scope())
        {
            var reports = reportScope.ServiceProvider.GetRequiredService<DeliveryReportProcessor>();
            var report = (SmsStatusReport)PduDecoder.Decode(StatusReportPdu(42, "+393471234567"), hasServiceCentre: true);
            Assert.True(await reports.ApplyAsync("sim-1", report, CancellationToken.None));
        }

        // The sender's stale copy would write "sent" over "delivered"; instead its save collides, reloads, and settles.
        var saved = await MessageChanges.SaveAsync(sender, mine, m => { m.MarkSent(DateTimeOffset.UtcNow); return true; }, CancellationToken.None);

        await using var check = database.Scope();
        var db2 = check.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var stored = await db2.Messages.AsNoTracking().SingleAsync(m => m.Id == id);
        Assert.Equal(MessageStatus.Delivered, stored.Status);
        Assert.Equal(MessageStatus.Delivered, saved!.Status);
        var events = await db2.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Payload).ToListAsync();
        Assert.Collection(
            events,
            e => Assert.Contains("\"status\":\"sent\"", e, StringComparison.Ordinal),
            e => Assert.Contains("\"status\":\"delivered\"", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReportThatCollidesAndIsAppliedAgain_OwesTheSmppClientOneReceipt()
    {
        await using var database = await OutboxDatabase.CreateAsync();
        var message = New(id: 0);
        message.Source = new SmppOrigin("shop", 1, "ACME").Format();
        var id = await database.InsertAsync(message);
        await using (var senderScope = database.Scope())
        {
            var sender = senderScope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var sending = await sender.Messages.Include(m => m.Parts).SingleAsync(m => m.Id == id);
            sending.Claim("node-a", "sim-1", T0.AddHours(1));
            sending.BeginPart(1, T0.AddHours(1));
            sending.PartSubmitted(1, 42, DateTimeOffset.UtcNow);
            sending.MarkSent(DateTimeOffset.UtcNow);
            await sender.SaveChangesAsync();
        }

        // A writer holds its copy of the sent message; someone else changes it first.
        await using var reportScope = database.Scope();
        var reports = reportScope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var mine = await reports.Messages.Include(m => m.Parts).SingleAsync(m => m.Id == id);
        await using (var otherScope = database.Scope())
        {
            var other = otherScope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            (await other.Messages.Include(m => m.Parts).SingleAsync(m => m.Id == id)).MarkReportOverdue();
            await other.SaveChangesAsync();
        }

        // Its save collides (its "delivered" had already added a receipt row), reloads, and applies the report again.
        var now = DateTimeOffset.UtcNow;
        await MessageChanges.SaveAsync(reports, mine, m => { m.ApplyReport(1, Sms.DeliveryOutcome.Delivered, 0, now, now); return true; }, CancellationToken.None);

        await using var check = database.Scope();
        var db = check.ServiceProvider.GetRequiredService<GatewayDbContext>();
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id)).Status);
        Assert.Single(await db.SmppReceipts.AsNoTracking().Where(r => r.MessageId == id).ToListAsync());
    }

    [Fact]
    public async Task TwoClaimsOfOneMessage_OnlyOneWins()
    {
        await using var database = await OutboxDatabase.CreateAsync();
        var id = await database.InsertAsync(New(id: 0));
        await using var a = database.Scope();
        await using var b = database.Scope();
        var dbA = a.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var dbB = b.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var copyA = await dbA.Messages.SingleAsync(m => m.Id == id);
        var copyB = await dbB.Messages.SingleAsync(m => m.Id == id);
        copyA.Claim("node-a", "sim-1", T0);
        copyB.Claim("node-b", "sim-9", T0);

        await dbA.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());

        await using var check = database.Scope();
        var stored = await check.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.AsNoTracking().SingleAsync(m => m.Id == id);
        Assert.Equal(("node-a", "sim-1", 1), (stored.ClaimedBy, stored.Modem, stored.Attempts));
    }

    /// <summary>An SMS-STATUS-REPORT (no SMSC field) for TP-MR <paramref name="reference"/>, delivered (TP-ST 0).</summary>
    internal static string StatusReportPdu(int reference, string recipient)
    {
        var digits = recipient.TrimStart('+');
        var semi = string.Concat((digits.Length % 2 == 1 ? digits + "F" : digits).Chunk(2).Select(p => $"{p[1]}{p[0]}"));
        const string Scts = "62210190000000";
        return $"0006{reference:X2}{digits.Length:X2}91{semi}{Scts}{Scts}00";
    }
}
