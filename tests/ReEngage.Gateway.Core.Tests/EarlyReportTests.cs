using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Sms;
using static ReEngage.Gateway.Core.Tests.Messages;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>Status reports that arrive before the part they are about is saved.</summary>
public sealed class EarlyReportTests
{
    private static SmsStatusReport Report(int reference, string to) =>
        (SmsStatusReport)PduDecoder.Decode(ConcurrentWriterTests.StatusReportPdu(reference, to), hasServiceCentre: true);

    [Fact]
    public async Task AReportForAPartNotSavedYet_IsKept_ThenMatchedOnceThePartIsSubmitted()
    {
        var clock = new FakeTimeProvider(T0);
        await using var database = await OutboxDatabase.CreateAsync(clock);
        var id = await database.InsertAsync(New(id: 0));
        await using var scope = database.Scope();
        var reports = scope.ServiceProvider.GetRequiredService<DeliveryReportProcessor>();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();

        Assert.False(await reports.ApplyAsync("sim-1", Report(77, "+393471234567"), CancellationToken.None));
        Assert.Equal(1, await db.EarlyReports.CountAsync());

        var message = await db.Messages.Include(m => m.Parts).SingleAsync(m => m.Id == id);
        message.Claim("node-a", "sim-1", T0.AddMinutes(2));
        message.BeginPart(1, T0.AddMinutes(2));
        message.PartSubmitted(1, 77, clock.GetUtcNow());
        message.MarkSent(clock.GetUtcNow());
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await reports.MatchKeptAsync("sim-1", abandonOld: true, CancellationToken.None));
        Assert.Equal(0, await db.EarlyReports.CountAsync());
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id)).Status);
    }

    [Fact]
    public async Task AReportThatNeverMatches_IsDroppedAfterTenMinutes_AndReturnedForTheModemsLog()
    {
        var clock = new FakeTimeProvider(T0);
        await using var database = await OutboxDatabase.CreateAsync(clock);
        await using var scope = database.Scope();
        var reports = scope.ServiceProvider.GetRequiredService<DeliveryReportProcessor>();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await reports.ApplyAsync("sim-2", Report(5, "+393479999999"), CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(await reports.MatchKeptAsync(null, abandonOld: true, CancellationToken.None));
        Assert.Equal(1, await db.EarlyReports.CountAsync());

        clock.Advance(TimeSpan.FromMinutes(2));
        var dropped = Assert.Single(await reports.MatchKeptAsync(null, abandonOld: true, CancellationToken.None));
        Assert.Equal(("sim-2", 5, "79999999"), (dropped.Modem, dropped.Reference, dropped.RecipientTail));
        Assert.Equal(0, await db.EarlyReports.CountAsync());
    }
}
