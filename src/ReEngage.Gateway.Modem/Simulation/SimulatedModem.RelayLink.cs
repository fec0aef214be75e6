namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// AT+CMMS (27.005 §3.5.6): keep the relay link open between consecutive submissions. Without it each
/// part pays <see cref="SimulatedModemOptions.RelayLinkSetup"/>; with it only the first of a burst
/// does, while the next follows within <see cref="SimulatedModemOptions.RelayLinkHold"/>. Mode 1 drops
/// back to 0 by itself once the link closes; mode 2 stays until set to 0.
/// </summary>
public sealed partial class SimulatedModem
{
    private int moreMessagesMode;
    private DateTimeOffset? linkOpenUntil;
    private int relayLinkSetups;

    /// <summary>How many submissions paid for setting up a relay link.</summary>
    public int RelayLinkSetups
    {
        get
        {
            lock (sync)
            {
                return relayLinkSetups;
            }
        }
    }

    // Caller holds sync.
    private string[]? ExecuteRelayLink(string body)
    {
        ExpireRelayLinkLocked();
        switch (body)
        {
            case "+CMMS=0":
            case "+CMMS=1":
            case "+CMMS=2":
                moreMessagesMode = body[^1] - '0';
                if (moreMessagesMode == 0)
                {
                    linkOpenUntil = null;
                }

                return ["OK"];
            case "+CMMS?":
                return [$"+CMMS: {moreMessagesMode}", "OK"];
            case "+CMMS=?":
                return ["+CMMS: (0-2)", "OK"];
            default:
                return null;
        }
    }

    private TimeSpan RelayLinkCost()
    {
        lock (sync)
        {
            ExpireRelayLinkLocked();
            if (linkOpenUntil is not null)
            {
                return TimeSpan.Zero;
            }

            relayLinkSetups++;
            return options.RelayLinkSetup;
        }
    }

    private void RelayLinkUsed()
    {
        lock (sync)
        {
            linkOpenUntil = moreMessagesMode == 0 ? null : network.Time.GetUtcNow() + options.RelayLinkHold;
        }
    }

    // Caller holds sync.
    private void ExpireRelayLinkLocked()
    {
        if (linkOpenUntil is { } until && network.Time.GetUtcNow() > until)
        {
            linkOpenUntil = null;
            if (moreMessagesMode == 1)
            {
                moreMessagesMode = 0;
            }
        }
    }

    // Caller holds sync.
    private void ResetRelayLink()
    {
        moreMessagesMode = 0;
        linkOpenUntil = null;
    }
}
