using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Tests;

/// <summary>A sent message whose status report never comes is marked reportOverdue after Gateway:StatusReportTimeout.</summary>
public sealed class ReportOverdueTests : IAsyncLifetime
{
    // The simulated network answers with a report only after a day: long after the test is over.
    private readonly GatewayFactory factory = new(new Dictionary<string, string?>
    {
        ["Gateway:Simulation:StatusReportDelay"] = "1.00:00:00",
        ["Gateway:StatusReportTimeout"] = "3.00:00:00",
    });

    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await factory.WaitForModemsAsync();
        client = factory.Api();
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public void Policy_OnlySentMessagesThatAskedForAReport_AfterTheTimeout()
    {
        var sentAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var timeout = TimeSpan.FromHours(72);
        OutboundMessage Message(MessageStatus status, bool report = true) => new() { To = "+391", Text = "x", Status = status, StatusReport = report, SentAt = sentAt };

        Assert.False(ReportOverduePolicy.IsOverdue(Message(MessageStatus.Sent), sentAt.AddHours(71.9), timeout));
        Assert.True(ReportOverduePolicy.IsOverdue(Message(MessageStatus.Sent), sentAt.AddHours(72), timeout));
        Assert.False(ReportOverduePolicy.IsOverdue(Message(MessageStatus.Sent, report: false), sentAt.AddDays(9), timeout));
        Assert.False(ReportOverduePolicy.IsOverdue(Message(MessageStatus.Delivered), sentAt.AddDays(9), timeout));
        Assert.False(ReportOverduePolicy.IsOverdue(new OutboundMessage { To = "+391", Text = "x", Status = MessageStatus.Sent, StatusReport = true, SentAt = sentAt, ReportOverdue = true }, sentAt.AddDays(9), timeout));
    }

    [Fact]
    public async Task SentMessageWithoutReport_IsMarkedOverdue_InTheApiAndAWebhook_AfterTheTimeout()
    {
        (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "message.status" }, secret = "s3cret-s3cret-s3cret" })).EnsureSuccessStatusCode();
        var id = await client.SendAsync(new { to = "+393475557777", text = "report never comes" });
        var sent = await client.WaitForStatusAsync(id, "sent");
        Assert.False(sent.GetProperty("reportOverdue").GetBoolean());
        var sentAt = sent.GetProperty("sentAt").GetDateTimeOffset();

        var clock = new FakeTimeProvider(sentAt.AddHours(71));
        var sweeper = new ReportOverdueSweeper(factory.Services.GetRequiredService<IServiceScopeFactory>(), factory.Services.GetRequiredService<IOptions<GatewayOptions>>(), clock, NullLogger<ReportOverdueSweeper>.Instance);
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.False((await client.WaitForStatusAsync(id, "sent")).GetProperty("reportOverdue").GetBoolean());

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)); // the API's sentAt is rounded to the millisecond
        var marked = await sweeper.SweepAsync(CancellationToken.None);
        await using (var debug = factory.Services.CreateAsyncScope())
        {
            var row = await debug.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.AsNoTracking().SingleAsync(m => m.Id == id);
            Assert.True(marked == 1, $"marked {marked}; sentAt {sentAt:O}, clock {clock.GetUtcNow():O}; row {row.Status} {row.StatusReport} {row.ReportOverdue} {row.SentAt:O}");
        }
        var overdue = await client.WaitForStatusAsync(id, "sent");
        Assert.Equal("sent", overdue.GetProperty("status").GetString()); // still sent: it probably arrived
        Assert.True(overdue.GetProperty("reportOverdue").GetBoolean());

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        Assert.True((await db.Messages.SingleAsync(m => m.Id == id)).ReportOverdue);
        var hooks = await db.WebhookDeliveries.Where(d => d.Event == "message.status").Select(d => d.Payload).ToListAsync();
        Assert.Contains(hooks, p => p.Contains($"\"id\":{id},", StringComparison.Ordinal) && p.Contains("\"reportOverdue\":true", StringComparison.Ordinal));
    }
}
