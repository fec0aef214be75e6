namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// Inbound SMS storage ("SM"): messages from the network, stored with +CMTI or routed as +CMT, and held
/// by the network while the storage is full, as a real SMSC does.
/// </summary>
public sealed partial class SimulatedModem
{
    /// <summary>
    /// An SMS from <paramref name="from"/> arrives (long texts in several parts, optionally out of order).
    /// <paramref name="timestamp"/> fixes the SMSC time stamp (the same message delivered again by the
    /// network carries the same one); <paramref name="onlyParts"/> delivers just those parts (1-based),
    /// as when the network never delivers the last.
    /// </summary>
    public void InjectInbound(string from, string text, bool reverseParts = false, int reference = 1, DateTimeOffset? timestamp = null, IReadOnlyCollection<int>? onlyParts = null)
    {
        var parts = SmscTransform.DeliverParts(from, text, network.Options.ServiceCentre, timestamp ?? network.Time.GetLocalNow(), reference);
        var chosen = parts.Where((_, i) => onlyParts is null || onlyParts.Contains(i + 1));
        foreach (var part in reverseParts ? chosen.Reverse() : chosen)
        {
            ReceiveFromNetwork(part);
        }
    }

    /// <summary>Stores an SMS as if it had arrived while nobody was connected (for the start-up sweep).</summary>
    public void StoreInbound(string from, string text, int reference = 1)
    {
        foreach (var part in SmscTransform.DeliverParts(from, text, network.Options.ServiceCentre, network.Time.GetLocalNow(), reference))
        {
            lock (sync)
            {
                Store(sm, part);
            }
        }
    }

    internal void ReceiveFromNetwork(byte[] deliverPdu)
    {
        int mt;
        int? index = null;
        var full = false;
        lock (sync)
        {
            mt = connection is null ? 1 : cnmiMt;
            if (mt != 2)
            {
                if (sm.Count >= options.StorageCapacity)
                {
                    waitingForStorage.Enqueue(deliverPdu); // the SMSC keeps it and retries later
                    return;
                }

                index = Store(sm, deliverPdu);
                full = sm.Count >= options.StorageCapacity;
            }
        }

        if (mt == 2)
        {
            // Routed as +CMT — with AT+CSMS=1 only once the previous one was acknowledged.
            var routed = new Routed(deliverPdu, null);
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
                ReceiveFromNetwork(deliverPdu); // routing changed meanwhile: stored
            }
        }
        else if (mt == 1)
        {
            _ = full && options.Dialect == SimulatedDialect.Sim800
                ? WriteLinesAsync($"+CMTI: \"SM\",{index}", "+SMS FULL")
                : WriteLinesAsync($"+CMTI: \"SM\",{index}");
        }
    }

    private int Store(SortedDictionary<int, StoredSms> memory, byte[] pdu, string? reportId = null)
    {
        var index = IndexBase;
        while (memory.ContainsKey(index))
        {
            index++;
        }

        memory[index] = new StoredSms(pdu) { Unread = true, ReportId = reportId };
        return index;
    }

    private void DeliverWaiting()
    {
        while (waitingForStorage.Count > 0 && sm.Count < options.StorageCapacity)
        {
            var pdu = waitingForStorage.Dequeue();
            var index = Store(sm, pdu);
            if (cnmiMt == 1)
            {
                _ = WriteLinesAsync($"+CMTI: \"SM\",{index}");
            }
        }
    }

    private SortedDictionary<int, StoredSms> Memory(string name) => name == "SR" ? sr : sm;
}
