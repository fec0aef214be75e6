using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Prometheus;
using ReEngage.Gateway.Api;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// The SMPP server on /metrics, beside the gateway's own series: binds open, submits by outcome, throttled submits
/// (counted as they happen) and receipts and inbound SMS waiting for a bind (counted in the database at each scrape, so every node
/// of a fleet reports the same shared figure).
/// </summary>
internal sealed class SmppMetrics
{
    private readonly Gauge binds;
    private readonly Counter submits;
    private readonly Counter throttled;
    private readonly Gauge receiptsPending;
    private readonly Gauge inboundPending;

    public SmppMetrics(GatewayPrometheus prometheus, SmppBinds openBinds, IOptions<SmppOptions> options, IServiceScopeFactory scopes)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        var factory = Metrics.WithCustomRegistry(prometheus.Registry);
        binds = factory.CreateGauge("reengage_smpp_binds", "SMPP binds open on this node, by account and mode (transmitter, receiver, transceiver)", "account", "mode");
        submits = factory.CreateCounter("reengage_smpp_submits_total", "SMPP submitted messages by account and the status answered (ESME_ROK: stored in the outbox); a client's concatenation counts once", "account", "status");
        throttled = factory.CreateCounter("reengage_smpp_throttled_total", "submit_sm answered ESME_RTHROTTLED: the account was over its Throughput", "account");
        receiptsPending = factory.CreateGauge("reengage_smpp_receipts_pending", "Delivery receipts stored and not yet acknowledged by a receiver or transceiver bind");
        inboundPending = factory.CreateGauge("reengage_smpp_inbound_pending", "Inbound SMS routed to an SMPP account and not yet acknowledged by a receiver or transceiver bind");
        prometheus.Registry.AddBeforeCollectCallback(async cancellationToken =>
        {
            foreach (var account in options.Value.Accounts)
            {
                // Every configured account's series exist from the first scrape, at zero.
                submits.WithLabels(account.SystemId, "ESME_ROK");
                throttled.WithLabels(account.SystemId);
            }

            foreach (var series in binds.GetAllLabelValues())
            {
                binds.WithLabels(series).Set(0);
            }

            foreach (var ((account, mode), count) in openBinds.CountsByAccountAndMode())
            {
                binds.WithLabels(account, mode).Set(count);
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            receiptsPending.Set(await db.SmppReceipts.CountAsync(cancellationToken).ConfigureAwait(false));
            inboundPending.Set(await db.SmppInbound.CountAsync(cancellationToken).ConfigureAwait(false));
        });
    }

    public void Submitted(string account, uint status) => submits.WithLabels(account, CommandStatus.Name(status)).Inc();

    public void Throttled(string account) => throttled.WithLabels(account).Inc();
}
