using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Smpp;

/// <summary>What every connection shares: the settings, the binds, the throttle, the submitter, the network clock.</summary>
internal sealed class SmppServerContext(IOptions<SmppOptions> options, SmppAccountDirectory accounts, SmppBinds binds, SmppThrottle throttle, SmppSubmitter submitter, SmppMetrics metrics,
    [FromKeyedServices(SmppServerContext.ClockKey)] TimeProvider clock, ILogger<SmppServer> logger)
{
    /// <summary>
    /// The key of the clock for the protocol's timers (enquire_link, idle, response and throughput): real time,
    /// never the simulation clock, which an operator may move by days. Message times use the gateway's clock.
    /// </summary>
    public const string ClockKey = "smpp";

    public SmppOptions Options => options.Value;

    public SmppAccountDirectory Accounts => accounts;

    public SmppBinds Binds => binds;

    public SmppThrottle Throttle => throttle;

    public SmppSubmitter Submitter => submitter;

    public SmppMetrics Metrics => metrics;

    public TimeProvider Clock => clock;

    public ILogger Logger => logger;
}
