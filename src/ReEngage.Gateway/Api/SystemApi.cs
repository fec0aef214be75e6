using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Prometheus;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Api;

/// <summary>
/// This host's Prometheus registry and collectors (one per host, not prometheus-net's static default, so
/// two hosts in one process — tests — never overwrite each other's figures).
/// </summary>
internal sealed class GatewayPrometheus : Core.IGatewayMetrics
{
    public GatewayPrometheus()
    {
        Registry = Metrics.NewCustomRegistry();

        // The process's and the runtime's own figures (CPU, memory, GC, threads) beside the gateway's.
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        Parts = factory.CreateCounter("reengage_parts_sent_total", "SMS parts accepted by the network", "modem");
        Latency = factory.CreateHistogram("reengage_send_latency_seconds", "Time from AT+CMGS to +CMGS per part",
            new HistogramConfiguration { LabelNames = ["modem"], Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 60] });
        MessagesByState = factory.CreateGauge("reengage_messages", "Messages by state", "state");
        QueueDepth = factory.CreateGauge("reengage_queue_depth", "Messages waiting to be sent (queued, scheduled, sending)");
        Signal = factory.CreateGauge("reengage_modem_signal_dbm", "Signal per modem in dBm", "modem");
        Online = factory.CreateGauge("reengage_modem_online", "1 when the modem can send", "modem");
        Resyncs = factory.CreateCounter("reengage_modem_resyncs_total", "Re-synchronisations of the modem's AT line (after a timeout or an answer that could not be its command's)", "modem");
        UnmatchedReports = factory.CreateCounter("reengage_status_reports_unmatched_total", "Status reports that matched no message within the early-report window", "modem");
        WebhookAttempts = factory.CreateCounter("reengage_webhook_attempts_total", "Webhook requests by outcome (delivered: a 2xx answer; failed: another status, no answer in time, no connection)", "result");
        WebhooksPending = factory.CreateGauge("reengage_webhook_deliveries_pending", "Webhook deliveries waiting to be sent or retried");
        Claims = factory.CreateCounter("reengage_dispatch_claims_total", "Dispatcher workers' looks for a message to claim, by result (won; lost: another worker or node claimed it first; refused: due messages this modem may not take; none: nothing due for it)", "modem", "result");
        WebhooksDisabled = factory.CreateGauge("reengage_webhooks_disabled", "Webhooks that receive no events (disabled by an operator, or after failing for Gateway:Webhooks:DisableAfter)");
    }

    public Counter WebhookAttempts { get; }

    public Counter Claims { get; }

    public void ClaimLooked(string modem, Core.ClaimLook result) => Claims.WithLabels(modem, result.ToString().ToLowerInvariant()).Inc();

    public Gauge WebhooksPending { get; }

    public Gauge WebhooksDisabled { get; }

    public void WebhookAttempt(bool delivered) => WebhookAttempts.WithLabels(delivered ? "delivered" : "failed").Inc();

    public Counter UnmatchedReports { get; }

    public Counter Resyncs { get; }

    public void ReportUnmatched(string modem) => UnmatchedReports.WithLabels(modem).Inc();

    public CollectorRegistry Registry { get; }

    public Counter Parts { get; }

    public Histogram Latency { get; }

    public Gauge MessagesByState { get; }

    public Gauge QueueDepth { get; }

    public Gauge Signal { get; }

    public Gauge Online { get; }

    public void PartSent(string modem, TimeSpan took)
    {
        Parts.WithLabels(modem).Inc();
        Latency.WithLabels(modem).Observe(took.TotalSeconds);
    }
}

/// <summary>/healthz and /metrics.</summary>
internal static class SystemApi
{
    public static IEndpointRouteBuilder MapSystem(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", HealthAsync).AllowAnonymous().Produces<HealthView>().Produces<HealthView>(StatusCodes.Status503ServiceUnavailable).WithName("Health").WithSummary("Database and modems: healthy, degraded or unhealthy (503); no key needed");
        app.MapMetrics("/metrics", app.ServiceProvider.GetRequiredService<GatewayPrometheus>().Registry).AllowAnonymous();
        return app;
    }

    /// <summary>Refreshes the gauges that come from the database and the modems just before a scrape.</summary>
    public static void RegisterScrapeCallback(IServiceProvider services)
    {
        var prometheus = services.GetRequiredService<GatewayPrometheus>();
        prometheus.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var counts = await db.Messages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            foreach (var status in Enum.GetValues<MessageStatus>())
            {
                prometheus.MessagesByState.WithLabels(status.ToString().ToLowerInvariant()).Set(counts.FirstOrDefault(c => c.Key == status)?.Count ?? 0);
            }

            prometheus.QueueDepth.Set(counts.Where(c => c.Key is MessageStatus.Queued or MessageStatus.Scheduled or MessageStatus.Sending).Sum(c => c.Count));
            prometheus.WebhooksPending.Set(await db.WebhookDeliveries.CountAsync(d => d.State == Core.Webhooks.DeliveryState.Pending, cancellationToken));
            prometheus.WebhooksDisabled.Set(await db.Webhooks.CountAsync(w => w.DisabledAt != null, cancellationToken));
            prometheus.WebhookAttempts.WithLabels("delivered");
            prometheus.WebhookAttempts.WithLabels("failed");
            foreach (var handle in services.GetRequiredService<ModemRegistry>().Handles)
            {
                // Every documented series exists from the first scrape, at zero, not from the first send:
                // a dashboard's rate() and an alert on absence need the series to be there.
                prometheus.Parts.WithLabels(handle.Name);
                prometheus.Latency.WithLabels(handle.Name);
                prometheus.UnmatchedReports.WithLabels(handle.Name);
                prometheus.Online.WithLabels(handle.Name).Set(handle.CanSend ? 1 : 0);
                prometheus.Resyncs.WithLabels(handle.Name).IncTo(handle.Resyncs);
                foreach (var look in Enum.GetValues<Core.ClaimLook>())
                {
                    prometheus.Claims.WithLabels(handle.Name, look.ToString().ToLowerInvariant());
                }

                if (handle.Health?.SignalDbm is { } dbm)
                {
                    prometheus.Signal.WithLabels(handle.Name).Set(dbm);
                }
            }
        });
    }

    private static async Task<JsonHttpResult<HealthView>> HealthAsync(GatewayDbContext db, ModemRegistry pool, CancellationToken cancellationToken)
    {
        bool database;
        try
        {
            database = await db.Database.CanConnectAsync(cancellationToken) && await db.Messages.AnyAsync(m => m.Id < 0, cancellationToken) is false;
        }
        catch (Exception ex) when (Core.Data.DbErrors.IsUnavailable(ex))
        {
            database = false;
        }

        var modems = pool.Handles.Select(h => new ModemHealthView(h.Name, h.State, h.CanSend)).ToList();
        var ready = modems.Count(m => m.Ready);
        var status = !database || ready == 0 ? "unhealthy" : ready < modems.Count ? "degraded" : "healthy";
        return TypedResults.Json(new HealthView(status, database ? "ok" : "failing", modems), statusCode: status == "unhealthy" ? 503 : 200);
    }
}

/// <summary>healthy, degraded (some modems cannot send) or unhealthy (no database or no modem that can send: 503).</summary>
internal sealed record HealthView(string Status, string Database, IReadOnlyList<ModemHealthView> Modems);

internal sealed record ModemHealthView(string Name, string State, bool Ready);
