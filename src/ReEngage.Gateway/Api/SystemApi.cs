using Microsoft.EntityFrameworkCore;
using Prometheus;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Api;

/// <summary>The domain's measurements as Prometheus metrics.</summary>
internal sealed class PrometheusGatewayMetrics : Core.IGatewayMetrics
{
    private static readonly Counter Parts = Metrics.CreateCounter("reengage_parts_sent_total", "SMS parts accepted by the network", "modem");
    private static readonly Histogram Latency = Metrics.CreateHistogram(
        "reengage_send_latency_seconds",
        "Time from AT+CMGS to +CMGS per part",
        new HistogramConfiguration { LabelNames = ["modem"], Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 60] });

    public void PartSent(string modem, TimeSpan took)
    {
        Parts.WithLabels(modem).Inc();
        Latency.WithLabels(modem).Observe(took.TotalSeconds);
    }
}

/// <summary>/healthz and /metrics.</summary>
internal static class SystemApi
{
    private static readonly Gauge MessagesByState = Metrics.CreateGauge("reengage_messages", "Messages by state", "state");
    private static readonly Gauge QueueDepth = Metrics.CreateGauge("reengage_queue_depth", "Messages waiting to be sent (queued, scheduled, sending)");
    private static readonly Gauge Signal = Metrics.CreateGauge("reengage_modem_signal_dbm", "Signal per modem in dBm", "modem");
    private static readonly Gauge Online = Metrics.CreateGauge("reengage_modem_online", "1 when the modem can send", "modem");

    public static IEndpointRouteBuilder MapSystem(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", HealthAsync).AllowAnonymous().WithName("Health");
        app.MapMetrics("/metrics").AllowAnonymous();
        return app;
    }

    /// <summary>Refreshes the gauges that come from the database and the modems just before a scrape.</summary>
    public static void RegisterScrapeCallback(IServiceProvider services)
    {
        Metrics.DefaultRegistry.AddBeforeCollectCallback(async cancellationToken =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var counts = await db.Messages.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
            foreach (var status in Enum.GetValues<MessageStatus>())
            {
                MessagesByState.WithLabels(status.ToString().ToLowerInvariant()).Set(counts.FirstOrDefault(c => c.Key == status)?.Count ?? 0);
            }

            QueueDepth.Set(counts.Where(c => c.Key is MessageStatus.Queued or MessageStatus.Scheduled or MessageStatus.Sending).Sum(c => c.Count));
            foreach (var handle in services.GetRequiredService<ModemPool>().Handles)
            {
                Online.WithLabels(handle.Name).Set(handle.ReadySession is null ? 0 : 1);
                if (handle.Supervisor.Session?.Health.SignalDbm is { } dbm)
                {
                    Signal.WithLabels(handle.Name).Set(dbm);
                }
            }
        });
    }

    private static async Task<IResult> HealthAsync(GatewayDbContext db, ModemPool pool, CancellationToken cancellationToken)
    {
        bool database;
        try
        {
            database = await db.Database.CanConnectAsync(cancellationToken) && await db.Messages.AnyAsync(m => m.Id < 0, cancellationToken) is false;
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            database = false;
        }

        var modems = pool.Handles.Select(h => new { name = h.Name, state = h.Supervisor.State.ToString().ToLowerInvariant(), ready = h.ReadySession is not null }).ToList();
        var ready = modems.Count(m => m.ready);
        var status = !database || ready == 0 ? "unhealthy" : ready < modems.Count ? "degraded" : "healthy";
        return Results.Json(new { status, database = database ? "ok" : "failing", modems }, statusCode: status == "unhealthy" ? 503 : 200);
    }
}
