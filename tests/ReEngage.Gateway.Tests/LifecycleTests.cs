using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Tests;

/// <summary>The message lifecycle end to end, on the real host: races, paths, leases, two processes on one file.</summary>
public class LifecycleTests
{
    /// <summary>Run on a fleet's PostgreSQL instead of the appliance's SQLite file.</summary>
    protected virtual bool OnPostgres => false;

    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task StatusReportsFasterThanTheSender_300BulkMessages_AllEndDelivered()
    {
        using var gateway = new GatewayFactory(onPostgres: OnPostgres, extra: new()
        {
            ["Gateway:Simulation:StatusReportDelay"] = "00:00:00.001",
            ["Gateway:Simulation:SendDelay"] = "00:00:00.002",
        });
        await using var events = new LifecycleEvents(gateway.Services.GetRequiredService<GatewayEventBus>());
        await gateway.WaitForModemsAsync();
        var client = gateway.Api();
        var ids = await BulkAsync(client, Enumerable.Range(0, 300).Select(i => new { to = $"+39347100{i:D4}", text = $"fast report {i}" }));

        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await events.UntilAsync(
            async () => await db.Messages.CountAsync(m => m.Status == MessageStatus.Delivered) == 300,
            Long,
            async () => string.Join(", ", (await db.Messages.AsNoTracking().Include(m => m.Parts).Where(m => m.Status != MessageStatus.Delivered).Take(5).ToListAsync())
                .Select(m => $"{m.Id}: {m.Status} by {m.ClaimedBy}/{m.Modem} until {m.LeaseUntil:O}, v{m.Version}, parts {string.Join("/", m.Parts.Select(p => $"{p.Status} mr={p.Reference}"))}"))
                + "\n" + string.Join("\n", Directory.GetFiles(Path.Combine(gateway.DataDirectory, "logs")).SelectMany(f => ReadShared(f)).Where(l => l.Contains("[ERR]", StringComparison.Ordinal) || l.Contains("[WRN]", StringComparison.Ordinal)).Take(20)));
        // A kept report is removed just after the match it made is saved (not in the same transaction).
        await events.UntilAsync(async () => !await db.EarlyReports.AnyAsync(), Long, async () => $"{await db.EarlyReports.CountAsync()} kept reports left");
        Assert.All(ids, id => Assert.Equal("delivered", events.StatusOf(id)));
    }

    [Fact]
    public async Task AReportThatArrivesBeforeItsPartIsSaved_IsKept_AndMatchedWhenThePartIsSaved()
    {
        var slow = new SlowSubmittedSave(TimeSpan.FromMilliseconds(300));
        using var gateway = new GatewayFactory(
            onPostgres: OnPostgres,
            extra: new() { ["Gateway:Simulation:StatusReportDelay"] = "00:00:00", ["Gateway:Simulation:Modems"] = "1" },
            services: s => s.AddSingleton<IInterceptor>(slow));
        await using var events = new LifecycleEvents(gateway.Services.GetRequiredService<GatewayEventBus>());
        await gateway.WaitForModemsAsync();
        var client = gateway.Api();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await client.SendAsync(new { to = $"+39347200000{i}", text = $"early {i}" }));
        }

        await events.UntilAsync(() => ids.All(id => events.StatusOf(id) == "delivered"), Long, () => string.Join(", ", ids.Select(id => $"{id}={events.StatusOf(id)}")));
        Assert.True(slow.KeptReports > 0, "no report beat its part's save: the test did not exercise the race");

        // A kept report is removed just after the match it made is saved (not in the same transaction).
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await events.UntilAsync(async () => !await db.EarlyReports.AnyAsync(), Long, async () => $"{await db.EarlyReports.CountAsync()} kept reports left");
    }

    [Fact]
    public async Task EveryPathThatEndsAMessage_GivesTheSameWebhookShape_AndALiveEvent()
    {
        using var gateway = new GatewayFactory(onPostgres: OnPostgres);
        await using var events = new LifecycleEvents(gateway.Services.GetRequiredService<GatewayEventBus>());
        await gateway.WaitForModemsAsync();
        var client = gateway.Api();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "message.status" } })).StatusCode);

        // Delivered by its report.
        var delivered = await client.SendAsync(new { to = "+393473000001", text = "report path" });
        await events.UntilAsync(() => events.StatusOf(delivered) == "delivered", Long, () => $"{events.StatusOf(delivered)}");

        // Held back so nothing sends the rest: API cancel, expiry, erasure, lease recovery.
        foreach (var handle in gateway.Modems.Handles)
        {
            handle.Pause();
        }

        var cancelled = await client.SendAsync(new { to = "+393473000002", text = "api cancel" });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/messages/{cancelled}")).StatusCode);
        var expired = await client.SendAsync(new { to = "+393473000003", text = "expiry", validUntil = DateTimeOffset.UtcNow.AddSeconds(1) });
        var contact = await (await client.PostAsJsonAsync("/api/v1/contacts", new { phone = "+393473000004", consent = new { source = "test" } })).JsonAsync();
        var erased = await client.SendAsync(new { to = "+393473000004", text = "erasure" });
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/contacts/{contact.GetProperty("id").GetInt64()}")).StatusCode);
        var recovered = await client.SendAsync(new { to = "+393473000005", text = "lease ran out mid-part" });
        await using (var scope = gateway.Services.CreateAsyncScope())
        {
            // A node that died while submitting a part: its lease is in the past and the part is in doubt.
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var message = await db.Messages.Include(m => m.Parts).SingleAsync(m => m.Id == recovered);
            message.Claim("dead-node", "sim-1", DateTimeOffset.UtcNow.AddSeconds(-1));
            message.BeginPart(1, DateTimeOffset.UtcNow.AddSeconds(-1));
            await db.SaveChangesAsync();
        }

        await events.UntilAsync(
            () => events.StatusOf(cancelled) == "cancelled" && events.StatusOf(expired) == "expired" && events.StatusOf(recovered) == "failed" && events.StatusOf(erased) == "cancelled",
            Long,
            () => $"cancelled={events.StatusOf(cancelled)} expired={events.StatusOf(expired)} recovered={events.StatusOf(recovered)} erased={events.StatusOf(erased)}");

        await using var check = gateway.Services.CreateAsyncScope();
        var payloads = (await check.ServiceProvider.GetRequiredService<GatewayDbContext>().WebhookDeliveries.AsNoTracking()
                .Where(d => d.Event == WebhookEvents.MessageStatus).OrderBy(d => d.Id).Select(d => d.Payload).ToListAsync())
            .Select(p => JsonDocument.Parse(p).RootElement.GetProperty("data").Clone()).ToList();
        var byId = payloads.GroupBy(p => p.GetProperty("id").GetInt64()).ToDictionary(g => g.Key, g => g.Select(p => p.GetProperty("status").GetString()).ToList());
        Assert.Equal(["sent", "delivered"], byId[delivered]);
        Assert.Equal(["cancelled"], byId[cancelled]);
        Assert.Equal(["expired"], byId[expired]);
        Assert.Equal(["failed"], byId[recovered]);
        Assert.Equal(["cancelled"], byId[erased]);

        // One shape: the same fields, whichever path wrote it, and the same as the hub's.
        var shape = payloads.Select(p => string.Join(",", p.EnumerateObject().Select(o => o.Name).Order())).Distinct().ToList();
        Assert.Single(shape);
        var hub = JsonSerializer.SerializeToElement(events.All.OfType<MessageStatusChanged>().First(), Web);
        Assert.Equal(shape[0], string.Join(",", hub.EnumerateObject().Select(o => o.Name).Order()));
        var errors = payloads.Where(p => p.GetProperty("error").ValueKind == JsonValueKind.Object).ToDictionary(p => p.GetProperty("id").GetInt64(), p => p.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("CANCELLED", errors[cancelled]);
        Assert.Equal("EXPIRED", errors[expired]);
        Assert.Equal("UNKNOWN_OUTCOME", errors[recovered]);
        Assert.Equal("ERASED", errors[erased]);
        Assert.True(payloads.Single(p => p.GetProperty("id").GetInt64() == recovered).GetProperty("needsAttention").GetBoolean());
    }

    [Fact]
    public async Task AnInboundSms_AndItsWebhook_AreStoredTogetherOrNotAtAll()
    {
        var failing = new FailInboundWebhookSave();
        using var gateway = new GatewayFactory(onPostgres: OnPostgres, services: s => s.AddSingleton<IInterceptor>(failing));
        await gateway.WaitForModemsAsync();
        var client = gateway.Api();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "message.inbound" } })).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = "+393474000001", text = "hello there" })).StatusCode);
        await failing.Failed.Task.WaitAsync(Long);

        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        Assert.Equal(0, await db.Inbound.CountAsync());
        Assert.Equal(0, await db.WebhookDeliveries.CountAsync());
    }

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }

    private static async Task<List<long>> BulkAsync(HttpClient client, IEnumerable<object> messages)
    {
        var response = await client.PostAsJsonAsync("/api/v1/messages/bulk", new { messages = messages.ToList() });
        var json = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, json.GetProperty("rejected").GetArrayLength());
        return [.. json.GetProperty("accepted").EnumerateArray().Select(a => a.GetProperty("id").GetInt64())];
    }

    /// <summary>Holds every save that records a part as submitted, so a fast status report arrives first.</summary>
    private sealed class SlowSubmittedSave(TimeSpan delay) : SaveChangesInterceptor
    {
        private int kept;

        public int KeptReports => Volatile.Read(ref kept);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var entries = eventData.Context!.ChangeTracker.Entries().ToList();
            if (entries.Any(e => e.Entity is EarlyReport && e.State == EntityState.Added))
            {
                Interlocked.Increment(ref kept);
            }

            if (entries.Any(e => e.Entity is OutboundPart { Status: PartStatus.Submitted } && e.State == EntityState.Modified))
            {
                await Task.Delay(delay, cancellationToken);
            }

            return result;
        }
    }

    /// <summary>Fails the save that would write an inbound SMS's webhook row: the SMS must not be stored without it.</summary>
    private sealed class FailInboundWebhookSave : SaveChangesInterceptor
    {
        public TaskCompletionSource Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<WebhookDelivery>().Any(e => e.State == EntityState.Added && e.Entity.Event == WebhookEvents.MessageInbound))
            {
                Failed.TrySetResult();
                throw new InvalidOperationException("Simulated failure between the inbound SMS and its webhook row.");
            }

            return ValueTask.FromResult(result);
        }
    }
}

/// <summary>The lifecycle's races and paths on a fleet's PostgreSQL.</summary>
public sealed class LifecycleTestsOnPostgres : LifecycleTests
{
    protected override bool OnPostgres => true;
}
