using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Webhooks;
using static ReEngage.Gateway.Core.Tests.Messages;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>The webhook sender on the real database: per-receiver queues, per-message order, leases shared by nodes.</summary>
public sealed class WebhookQueueTests
{
    private readonly FakeTimeProvider time = new(T0);
    private readonly FakeReceivers receivers = new();

    [Fact]
    public async Task AReceiverThatHangs_DoesNotDelayAnother_AndTimesOutOnTheGatewaysClock()
    {
        await using var database = await OpenAsync();
        var slow = await AddWebhookAsync(database, "slow.test");
        await AddWebhookAsync(database, "fast.test");
        var hung = 0;
        receivers.On("slow.test", async (_, token) =>
        {
            // The first request hangs; the later ones are answered at once.
            if (Interlocked.Exchange(ref hung, 1) == 0)
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            return HttpStatusCode.OK;
        });
        receivers.On("fast.test", (_, _) => Task.FromResult(HttpStatusCode.OK));
        var fastDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receivers.Received += r => { if (receivers.Delivered("fast.test").Count() == 5) fastDone.TrySetResult(); };
        for (var i = 0; i < 5; i++)
        {
            await EnqueueAsync(database, WebhookEvents.MessageInbound, new { id = i });
        }

        var queues = database.Services.GetRequiredService<ReceiverQueues>();
        var started = Stopwatch.StartNew();
        Assert.Equal(2, await queues.StartDueAsync(CancellationToken.None));
        await fastDone.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"the fast receiver took {started.Elapsed.TotalMilliseconds:0} ms behind a hanging one");

        // Ten seconds later by the gateway's clock the hanging request is given up, to be retried 5 s later.
        time.Advance(TimeSpan.FromSeconds(10));
        await queues.IdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var first = (await DeliveriesAsync(database, slow))[0];
        Assert.Equal((DeliveryState.Pending, 1, "No answer within 10 s."), (first.State, first.Attempts, first.LastError));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(5), first.NextAttemptAt);
    }

    [Fact]
    public async Task WhenSentFailsOnce_DeliveredWaitsForIt_WhileOtherMessagesGoOn()
    {
        await using var database = await OpenAsync();
        await AddWebhookAsync(database, "shop.test");
        var refusedOnce = 0;
        receivers.On("shop.test", (body, _) => Task.FromResult(
            body.Contains("\"sent\"", StringComparison.Ordinal) && Interlocked.Exchange(ref refusedOnce, 1) == 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
        await EnqueueAsync(database, WebhookEvents.MessageStatus, new { id = 42, status = "sent" }, WebhookOutbox.MessageKey(42));
        await EnqueueAsync(database, WebhookEvents.MessageStatus, new { id = 42, status = "delivered" }, WebhookOutbox.MessageKey(42));
        await EnqueueAsync(database, WebhookEvents.MessageStatus, new { id = 43, status = "sent" }, WebhookOutbox.MessageKey(43));
        var queues = database.Services.GetRequiredService<ReceiverQueues>();

        await RunAsync(queues);
        Assert.Equal(["42 sent: ServiceUnavailable", "43 sent: OK"], Log());

        time.Advance(TimeSpan.FromSeconds(5));
        await RunAsync(queues);
        Assert.Equal(["42 sent: ServiceUnavailable", "43 sent: OK", "42 sent: OK", "42 delivered: OK"], Log());

        List<string> Log() => [.. receivers.Requests.Select(r => $"{Id(r.Body)} {Status(r.Body)}: {r.Answer}")];
    }

    [Fact]
    public async Task TwoSendersOnOneDatabase_BothDeliver_AndEachEventOnce()
    {
        await using var nodeA = await OpenAsync("node-a");
        await using var nodeB = await nodeA.OtherNodeAsync("node-b", time, services => services.AddSingleton<IHttpClientFactory>(receivers.ForNode("node-b")));
        await AddWebhookAsync(nodeA, "one.test");
        await AddWebhookAsync(nodeA, "two.test");
        receivers.On("one.test", async (_, _) => { await Task.Yield(); return HttpStatusCode.OK; });
        receivers.On("two.test", async (_, _) => { await Task.Yield(); return HttpStatusCode.OK; });

        // The senders must compete, or "once" proves nothing: each node's first request is held until the
        // other node has a request in flight too, so both hold leases at the same moment and the second has
        // to claim around the first's (a sender that never gets going fails the assertion below, not a hang).
        var first = new Dictionary<string, TaskCompletionSource>
        {
            ["node-a"] = new(TaskCreationOptions.RunContinuationsAsynchronously),
            ["node-b"] = new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        receivers.Arriving = async (node, token) =>
        {
            first[node!].TrySetResult();
            var other = first[node == "node-a" ? "node-b" : "node-a"];
            try
            {
                await other.Task.WaitAsync(TimeSpan.FromSeconds(10), token);
            }
            catch (TimeoutException)
            {
                other.TrySetResult(); // wait once, not on every request
            }
        };
        for (var i = 0; i < 100; i++)
        {
            await EnqueueAsync(nodeA, WebhookEvents.MessageStatus, new { id = i % 10, status = "sent", n = i }, WebhookOutbox.MessageKey(i % 10));
        }

        var a = nodeA.Services.GetRequiredService<ReceiverQueues>();
        var b = nodeB.Services.GetRequiredService<ReceiverQueues>();
        for (var round = 0; round < 50 && await PendingAsync(nodeA) > 0; round++)
        {
            await Task.WhenAll(a.StartDueAsync(CancellationToken.None), b.StartDueAsync(CancellationToken.None));
            await Task.WhenAll(a.IdleAsync(), b.IdleAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(0, await PendingAsync(nodeA));
        Assert.Equal(200, receivers.Requests.Count);
        Assert.All(receivers.Requests.GroupBy(r => (r.Host, r.WebhookId)), g => Assert.Single(g));
        var byNode = receivers.Requests.GroupBy(r => r.Node).ToDictionary(g => g.Key ?? "?", g => g.Count());
        Assert.True(byNode.GetValueOrDefault("node-a") > 0 && byNode.GetValueOrDefault("node-b") > 0,
            "both senders must have delivered: " + string.Join(", ", byNode.Select(p => $"{p.Key} {p.Value}")));
        foreach (var host in new[] { "one.test", "two.test" })
        {
            // One message's events still arrive in the order they were written, whichever node sent them.
            foreach (var message in receivers.Delivered(host).GroupBy(r => Id(r.Body)))
            {
                var order = message.Select(r => N(r.Body)).ToList();
                Assert.Equal(order.Order(), order);
            }
        }
    }

    [Fact]
    public async Task AWebhookFailingForThreeDays_IsDisabled_AndGetsNoMoreEvents()
    {
        await using var database = await OpenAsync();
        var hook = await AddWebhookAsync(database, "down.test");
        receivers.On("down.test", (_, _) => Task.FromResult(HttpStatusCode.BadGateway));
        var queues = database.Services.GetRequiredService<ReceiverQueues>();
        await EnqueueAsync(database, WebhookEvents.MessageInbound, new { id = 1 });
        await RunAsync(queues);

        time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        await EnqueueAsync(database, WebhookEvents.MessageInbound, new { id = 2 });
        await RunAsync(queues);
        Assert.Null((await WebhookAsync(database, hook)).DisabledAt);

        time.Advance(TimeSpan.FromMinutes(1));
        await EnqueueAsync(database, WebhookEvents.MessageInbound, new { id = 3 });
        await RunAsync(queues);
        var disabled = await WebhookAsync(database, hook);
        Assert.Equal(time.GetUtcNow(), disabled.DisabledAt);
        Assert.Contains("failed for 3 days", disabled.DisabledReason, StringComparison.Ordinal);

        await EnqueueAsync(database, WebhookEvents.MessageInbound, new { id = 4 });
        Assert.Equal(3, (await DeliveriesAsync(database, hook)).Count);
        time.Advance(TimeSpan.FromHours(1));
        var before = receivers.Requests.Count;
        await RunAsync(queues);
        Assert.Equal(before, receivers.Requests.Count);
    }

    [Fact]
    public async Task ASuccess_EndsTheFailureRun()
    {
        await using var database = await OpenAsync();
        var hook = await AddWebhookAsync(database, "flaky.test");
        var fail = true;
        receivers.On("flaky.test", (_, _) => Task.FromResult(fail ? HttpStatusCode.InternalServerError : HttpStatusCode.OK));
        var queues = database.Services.GetRequiredService<ReceiverQueues>();
        await EnqueueAsync(database, WebhookEvents.MessageInbound, new { id = 1 });
        await RunAsync(queues);
        Assert.Equal(T0, (await WebhookAsync(database, hook)).FailingSince);

        fail = false;
        time.Advance(TimeSpan.FromDays(2));
        await RunAsync(queues);
        Assert.Null((await WebhookAsync(database, hook)).FailingSince);
    }

    private Task<OutboxDatabase> OpenAsync(string? node = null) =>
        OutboxDatabase.CreateAsync(time, services => services.AddSingleton<IHttpClientFactory>(node is null ? receivers : receivers.ForNode(node)));

    private static async Task RunAsync(ReceiverQueues queues)
    {
        await queues.StartDueAsync(CancellationToken.None);
        await queues.IdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task<long> AddWebhookAsync(OutboxDatabase database, string host)
    {
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var hook = new Webhook { Url = $"http://{host}/hook", Events = string.Join(',', WebhookEvents.All), Secret = WebhookSignatures.NewSecret(), CreatedAt = T0 };
        db.Webhooks.Add(hook);
        await db.SaveChangesAsync();
        return hook.Id;
    }

    private async Task EnqueueAsync(OutboxDatabase database, string eventName, object payload, string? orderingKey = null)
    {
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        await WebhookOutbox.EnqueueAsync(db, eventName, payload, time.GetUtcNow(), CancellationToken.None, orderingKey);
        await db.SaveChangesAsync();
    }

    private static async Task<List<WebhookDelivery>> DeliveriesAsync(OutboxDatabase database, long webhookId)
    {
        await using var scope = database.Scope();
        return await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().WebhookDeliveries.AsNoTracking()
            .Where(d => d.WebhookId == webhookId).OrderBy(d => d.Id).ToListAsync();
    }

    private static async Task<Webhook> WebhookAsync(OutboxDatabase database, long id)
    {
        await using var scope = database.Scope();
        return await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Webhooks.AsNoTracking().SingleAsync(w => w.Id == id);
    }

    private static async Task<int> PendingAsync(OutboxDatabase database)
    {
        await using var scope = database.Scope();
        return await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().WebhookDeliveries.CountAsync(d => d.State == DeliveryState.Pending);
    }

    private static System.Text.Json.JsonElement Data(string body) => System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("data");

    private static int Id(string body) => Data(body).GetProperty("id").GetInt32();

    private static string? Status(string body) => Data(body).GetProperty("status").GetString();

    private static int N(string body) => Data(body).GetProperty("n").GetInt32();
}
