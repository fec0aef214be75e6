namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// The message service as 27.005 describes it: AT+CSMS selects phase 2 (0) or phase 2+ (1). With 1,
/// every routed +CDS / +CMT must be acknowledged with AT+CNMA; until it is, nothing more is routed, and
/// if it is not within the network's timeout the modem switches routing off (CNMI mt and ds to 0), the
/// unacknowledged report goes back to the network, which retries, and later ones are stored. With 0
/// the modem acknowledges a routed report itself the moment it shows it: a host that was not there to
/// read it has lost it.
/// </summary>
public sealed partial class SimulatedModem
{
    private readonly Queue<Routed> routedWaiting = new();
    private readonly Queue<Routed> heldBackReports = new();
    private int messageService;
    private Routed? awaitingAcknowledgement;
    private int reportsRouted;

    /// <summary>Status reports shown to the host as +CDS, whether anybody read them or not.</summary>
    public int ReportsRouted => Volatile.Read(ref reportsRouted);

    /// <summary>True while a routed +CDS / +CMT waits for AT+CNMA.</summary>
    public bool AwaitingAcknowledgement
    {
        get
        {
            lock (sync)
            {
                return awaitingAcknowledgement is not null;
            }
        }
    }

    /// <summary>A status report from the network (<paramref name="reportId"/> is the network's handle for it).</summary>
    internal void ReceiveStatusReport(byte[] reportPdu, string reportId)
    {
        var routed = new Routed(reportPdu, reportId);
        bool route;
        lock (sync)
        {
            route = TryRouteLocked(routed, out var queued);
            if (queued)
            {
                return;
            }
        }

        if (route)
        {
            SendRouted(routed);
        }
        else
        {
            KeepOrReturn(routed, indicate: true);
        }
    }

    /// <summary>Puts a report the network's saved state says this modem had stored back into its memory (a restart of the simulation).</summary>
    internal void RestoreStoredReport(byte[] reportPdu, string reportId)
    {
        lock (sync)
        {
            if (ReportMemory is { } memory)
            {
                Store(Memory(memory), reportPdu, reportId);
            }
        }
    }

    /// <summary>
    /// The state a modem was in when the simulation (and the gateway in it) was killed: it had routed a
    /// report with AT+CSMS=1 in force and still waits for its AT+CNMA. A modem's settings outlive the
    /// host process; so does this wait, which blocks routing until it is acknowledged or times out.
    /// </summary>
    internal void RestoreAwaitingAcknowledgement(byte[] reportPdu, string reportId)
    {
        var routed = new Routed(reportPdu, reportId);
        lock (sync)
        {
            messageService = 1;
            awaitingAcknowledgement = routed;
        }

        _ = AcknowledgementDeadlineAsync(routed);
    }

    // Caller holds sync. True: route it now. queued: it waits behind an unacknowledged one.
    private bool TryRouteLocked(Routed routed, out bool queued)
    {
        queued = false;
        var routes = routed.IsReport ? cnmiDs == 1 : cnmiMt == 2;
        if (!routes)
        {
            return false;
        }

        if (messageService == 1)
        {
            if (awaitingAcknowledgement is not null)
            {
                routedWaiting.Enqueue(routed);
                queued = true;
                return false;
            }

            awaitingAcknowledgement = routed;
        }

        return true;
    }

    private void SendRouted(Routed routed)
    {
        bool selfAcknowledged;
        lock (sync)
        {
            selfAcknowledged = messageService == 0;
        }

        var length = routed.Pdu.Length - routed.Pdu[0] - 1;
        if (routed.IsReport)
        {
            Interlocked.Increment(ref reportsRouted);
        }

        _ = WriteLinesAsync(routed.IsReport ? $"+CDS: {length}" : $"+CMT: ,{length}", Convert.ToHexString(routed.Pdu));
        if (selfAcknowledged)
        {
            if (routed.ReportId is { } id)
            {
                network.ReportSettled(id); // phase 2: the ME acknowledged it to the network on its own
            }

            return;
        }

        if (routed.ReportId is { } routedId)
        {
            network.ReportRouted(routedId);
        }

        _ = AcknowledgementDeadlineAsync(routed);
    }

    // Not routed: stored where this modem files it (reports: "SR" or the inbox; messages: the inbox),
    // or — with nowhere to keep it — refused, and the network tries again later.
    private void KeepOrReturn(Routed routed, bool indicate)
    {
        if (!routed.IsReport)
        {
            ReceiveFromNetwork(routed.Pdu);
            return;
        }

        int? index = null;
        string? memory;
        int ds;
        lock (sync)
        {
            memory = ReportMemory;
            ds = cnmiDs;
            if (memory is not null)
            {
                if (Memory(memory).Count >= (memory == "SR" ? options.ReportStorageCapacity : options.StorageCapacity))
                {
                    heldBackReports.Enqueue(routed); // the network keeps it until there is room
                    return;
                }

                index = Store(Memory(memory), routed.Pdu, routed.ReportId);
            }
        }

        if (memory is null || index is null)
        {
            network.RetryReportLater(Name, routed.Pdu, routed.ReportId!);
            return;
        }

        network.ReportStored(routed.ReportId!, memory);
        if (indicate && ds == 2)
        {
            _ = WriteLinesAsync($"+CDSI: \"{memory}\",{index}");
        }
    }

    private async Task AcknowledgementDeadlineAsync(Routed routed)
    {
        await Task.Delay(options.AcknowledgementTimeout, network.Time).ConfigureAwait(false);
        Routed[] left;
        lock (sync)
        {
            if (!ReferenceEquals(awaitingAcknowledgement, routed))
            {
                return; // acknowledged in time
            }

            awaitingAcknowledgement = null;
            cnmiMt = 0;
            cnmiDs = 0;
            left = [.. routedWaiting];
            routedWaiting.Clear();
        }

        // RP-ERROR to the network for the one never acknowledged: it is retried; later ones are kept.
        if (routed.ReportId is { } id)
        {
            network.RetryReportLater(Name, routed.Pdu, id);
        }
        else
        {
            ReceiveFromNetwork(routed.Pdu);
        }

        foreach (var waiting in left)
        {
            KeepOrReturn(waiting, indicate: false);
        }
    }

    // Caller holds sync. Null when the command is not one of these.
    private string[]? ExecuteMessageService(string body)
    {
        switch (body)
        {
            case "+CSMS=0":
            case "+CSMS=1":
                messageService = body[^1] - '0';
                return ["+CSMS: 1,1,1", "OK"];
            case "+CSMS?":
                return [$"+CSMS: {messageService},1,1,1", "OK"];
            case "+CSMS=?":
                return ["+CSMS: (0,1)", "OK"];
            case "+CNMI?":
                return [$"+CNMI: 2,{cnmiMt},0,{cnmiDs},0", "OK"];
            case "+CNMA":
            case "+CNMA=0":
            case "+CNMA=1":
                return AcknowledgeLocked();
            case "+CNMA=2":
                return AcknowledgeLocked(negative: true);
            default:
                return null;
        }
    }

    private string[] AcknowledgeLocked(bool negative = false)
    {
        if (messageService != 1 || awaitingAcknowledgement is not { } acknowledged)
        {
            return ["+CMS ERROR: 340"]; // no +CNMA acknowledgement expected
        }

        awaitingAcknowledgement = null;
        if (negative)
        {
            // RP-ERROR: the network keeps it and tries again later.
            if (acknowledged.ReportId is { } returned)
            {
                network.RetryReportLater(Name, acknowledged.Pdu, returned);
            }
            else
            {
                waitingForStorage.Enqueue(acknowledged.Pdu);
            }
        }
        else if (acknowledged.ReportId is { } id)
        {
            network.ReportSettled(id);
        }

        // The next one waiting is routed (or kept, if routing changed meanwhile) once this answer is out.
        if (routedWaiting.TryDequeue(out var next))
        {
            _ = Task.Run(async () =>
            {
                await Task.Yield();
                bool route;
                bool queued;
                lock (sync)
                {
                    route = TryRouteLocked(next, out queued);
                }

                if (route)
                {
                    SendRouted(next);
                }
                else if (!queued)
                {
                    KeepOrReturn(next, indicate: true);
                }
            });
        }

        return ["OK"];
    }

    // Caller holds sync: a restart forgets the setting, and whatever was unacknowledged goes back to the network.
    private void ResetMessageService()
    {
        messageService = 0;
        var left = awaitingAcknowledgement is { } waiting ? new[] { waiting }.Concat(routedWaiting).ToArray() : [.. routedWaiting];
        awaitingAcknowledgement = null;
        routedWaiting.Clear();
        foreach (var routed in left.Where(r => r.ReportId is not null))
        {
            network.RetryReportLater(Name, routed.Pdu, routed.ReportId!);
        }
    }

    // Caller holds sync: room was freed in the report memory; the network delivers what it held back
    // into it, without an indication (the host must read the memory again to find it).
    private void ReleaseHeldBackLocked()
    {
        if (ReportMemory is not { } memory)
        {
            return;
        }

        var store = Memory(memory);
        var capacity = memory == "SR" ? options.ReportStorageCapacity : options.StorageCapacity;
        while (heldBackReports.Count > 0 && store.Count < capacity)
        {
            var next = heldBackReports.Dequeue();
            Store(store, next.Pdu, next.ReportId);
            network.ReportStored(next.ReportId!, memory);
        }
    }

    /// <summary>Reports the network holds back because the report memory is full.</summary>
    public int HeldBackReportCount
    {
        get
        {
            lock (sync)
            {
                return heldBackReports.Count;
            }
        }
    }

    // Caller holds sync: stored reports deleted by the host are gone for good.
    private void SettleStored(IEnumerable<StoredSms> deleted)
    {
        foreach (var stored in deleted)
        {
            if (stored.ReportId is { } id)
            {
                network.ReportSettled(id);
            }
        }
    }

    private sealed record Routed(byte[] Pdu, string? ReportId)
    {
        public bool IsReport => ReportId is not null;
    }
}
