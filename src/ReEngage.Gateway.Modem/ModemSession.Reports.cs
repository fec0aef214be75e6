using System.Globalization;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem;

/// <summary>
/// Status reports that survive a crash (27.005): with AT+CSMS=1 a routed +CDS / +CMT is acknowledged
/// with AT+CNMA only after the consumer saved it; stored reports ("SR", or "SM" where the modem files
/// them) are deleted only then. Whatever the gateway did not save stays in the modem or comes back
/// from the network, and the storage sweeps — at start, after every re-initialisation and when the
/// modem switched routing off — hand it over again.
/// </summary>
public sealed partial class ModemSession
{
    // Selecting another memory (AT+CPMS) and reading or deleting in it are separate commands: one
    // sequence at a time, or a delete meant for "SR" could hit an inbound SMS in "SM".
    private readonly SemaphoreSlim storageGate = new(1, 1);
    private readonly HashSet<(string Memory, int Index)> reportsHandedOver = [];
    private bool acknowledging;
    private string? indicationSetting;

    /// <summary>True when AT+CSMS=1 is in force: routed +CDS / +CMT are acknowledged with AT+CNMA after they are saved.</summary>
    public bool AcknowledgesRouted => acknowledging;

    /// <summary>
    /// Reads the status reports the modem stored in its report memories (<see cref="ModemProfile.ReportMemories"/>)
    /// and hands each over; each is deleted when its event is acknowledged.
    /// </summary>
    /// <returns>How many reports were handed over for the first time.</returns>
    public async Task<int> SweepReportStorageAsync(CancellationToken cancellationToken = default)
    {
        var handed = 0;
        foreach (var memory in Profile.ReportMemories)
        {
            List<(int Index, string Pdu, int? Length)> found;
            await storageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                found = await ListMemoryAsync(memory, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                storageGate.Release();
            }

            foreach (var (index, pdu, length) in found)
            {
                handed += HandOverStoredReport(memory, index, pdu, length) ? 1 : 0;
            }
        }

        return handed;
    }

    /// <summary>
    /// Checks that the modem still routes new messages and reports as configured (AT+CNMI?). A modem
    /// whose acknowledgement timed out switches routing off (27.005 §3.4.4): routing is set again and
    /// storage swept, so what it kept meanwhile is handed over.
    /// </summary>
    public async Task<bool> EnsureRoutingAsync(CancellationToken cancellationToken = default)
    {
        if (indicationSetting is not { } setting)
        {
            return true;
        }

        var answer = await channel.ExecuteAsync("AT+CNMI?", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk || answer.Value("+CNMI:") is not { } current)
        {
            return true; // a modem that cannot say is left alone
        }

        var now = current.Split(',').Select(f => f.Trim()).ToArray();
        var wanted = setting.Split(',');
        if (now.Length >= 4 && now[1] == wanted[1] && now[3] == wanted[3])
        {
            return true;
        }

        await RestoreRoutingAsync($"AT+CNMI? answers {current.Trim()}", cancellationToken).ConfigureAwait(false);
        return false;
    }

    private async Task ConfigureMessageServiceAsync(CancellationToken cancellationToken)
    {
        acknowledging = false;
        if (Profile.AcknowledgeRouted)
        {
            // +CSMS: <mt>,<mo>,<bm>: mt 1 = the ME supports phase 2+ acknowledgement of routed messages.
            var answer = await channel.ExecuteAsync("AT+CSMS=1", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            acknowledging = answer.IsOk && answer.Value("+CSMS:") is { } services && services.Split(',')[0].Trim() == "1";
        }

        if (!acknowledging)
        {
            await TryAsync("AT+CSMS=0", cancellationToken).ConfigureAwait(false);
        }

        SessionLog.MessageService(logger, Name, acknowledging ? "AT+CSMS=1: routed reports acknowledged with AT+CNMA after they are saved" : "AT+CSMS=0: routed reports are not acknowledged");
    }

    private async Task RestoreRoutingAsync(string why, CancellationToken cancellationToken)
    {
        SessionLog.RoutingLost(logger, Name, why);
        if (indicationSetting is { } setting)
        {
            await TryAsync($"AT+CNMI={setting}", cancellationToken).ConfigureAwait(false);
        }

        await SweepStorageAsync(cancellationToken).ConfigureAwait(false);
        await SweepReportStorageAsync(cancellationToken).ConfigureAwait(false);
    }

    // AT+CNMA for the routed +CDS / +CMT the modem is waiting on. An error (+CMS ERROR: 340, no
    // acknowledgement expected) means the modem gave up waiting and switched routing off: the report
    // is kept by the modem or retried by the network, and routing must be set again.
    private async Task AcknowledgeRoutedAsync(CancellationToken cancellationToken)
    {
        AtResponse answer;
        try
        {
            answer = await channel.ExecuteAsync("AT+CNMA", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ModemTimeoutException)
        {
            RequestSweep(checkRouting: true); // whether the modem got it is unknown: check, do not guess
            throw;
        }

        if (!answer.IsOk)
        {
            await RestoreRoutingAsync($"AT+CNMA answered {answer.Final}", cancellationToken).ConfigureAwait(false);
        }
    }

    // RP-ERROR for a routed report or message that cannot be saved (a PDU garbled on the line): the
    // network keeps it and tries again, instead of an RP-ACK that would lose it (27.005 §3.4.4, <n>=2).
    private async Task RejectRoutedAsync(CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync("AT+CNMA=2", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            // No negative acknowledgement here: left alone, the modem's timer returns it to the network
            // and switches routing off, which the routing check then restores.
            RequestSweep(checkRouting: true);
        }
    }

    /// <summary>
    /// A process that was handed a +CDS / +CMT and died before acknowledging it leaves the modem waiting:
    /// routing stays blocked behind it until the network's timer runs out, and then it is off (MODEMS.md,
    /// init step 13). A negative acknowledgement clears the wait and has the network send it again; a
    /// modem without one gets a plain AT+CNMA. "+CMS ERROR: 340" (nothing was waiting) is the usual answer.
    /// </summary>
    private async Task ClearPendingAcknowledgementAsync(CancellationToken cancellationToken)
    {
        try
        {
            var answer = await channel.ExecuteAsync("AT+CNMA=2", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            var error = ModemErrors.Classify(answer.Final);
            if (!answer.IsOk && error is not { Kind: ModemErrorKind.Cms, Code: 340 })
            {
                answer = await channel.ExecuteAsync("AT+CNMA", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            SessionLog.PendingAcknowledgement(logger, Name, answer.IsOk ? "one was waiting and was cleared" : "none was waiting");
        }
        catch (ModemTimeoutException ex)
        {
            // Not sent twice (it could acknowledge a report nobody saved): whether a wait was cleared is
            // unknown, so routing is checked once the session is up, and the sweeps find what was stored.
            SessionLog.PendingAcknowledgement(logger, Name, $"unknown ({ex.Message}); routing will be checked");
            RequestSweep(checkRouting: true);
        }
    }

    private async Task HandleRoutedReportAsync(string pdu, int? tpduLength, CancellationToken cancellationToken)
    {
        SmsPdu decoded;
        try
        {
            decoded = LengthFits(pdu, tpduLength) ? PduDecoder.Decode(pdu, tpduLength) : throw new PduFormatException(0, "the PDU does not have the length its header states (garbled on the line?)");
        }
        catch (PduFormatException ex)
        {
            SessionLog.BadPdu(logger, Name, null, ex.Message);
            events.Writer.TryWrite(new UndecodablePdu(pdu, ex.Message, null));
            if (acknowledging)
            {
                // Garbled on the line, most likely: refused, so the network sends it again.
                await RejectRoutedAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (decoded is SmsStatusReport report)
        {
            events.Writer.TryWrite(new StatusReportReceived(report, acknowledging ? AcknowledgeRoutedAsync : null));
        }
        else if (acknowledging)
        {
            await AcknowledgeRoutedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadStoredReportAsync(string line, CancellationToken cancellationToken)
    {
        var fields = line[6..].Split(',');
        var memory = fields[0].Trim().Trim('"');
        var index = int.Parse(fields[^1].Trim(), CultureInfo.InvariantCulture);
        string? pdu = null;
        int? length = null;
        await storageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SelectReadMemoryAsync(memory, cancellationToken).ConfigureAwait(false);
            try
            {
                var read = await channel.ExecuteAsync($"AT+CMGR={index}", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (read.IsOk && read.Lines.Count >= 2)
                {
                    pdu = read.Lines[^1];
                    length = StatedLength(read.Value("+CMGR:"));
                }
            }
            finally
            {
                await SelectReadMemoryAsync("SM", cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            storageGate.Release();
        }

        if (pdu is not null)
        {
            HandOverStoredReport(memory, index, pdu, length);
        }

        RequestSweep();
    }

    private bool HandOverStoredReport(string memory, int index, string pdu, int? length = null)
    {
        if (!LooksIntact(memory, index, pdu, length))
        {
            return false; // read again by the sweep it asked for
        }

        lock (sync)
        {
            if (!reportsHandedOver.Add((memory, index)))
            {
                return false; // handed over and not yet acknowledged: not twice
            }
        }

        try
        {
            if (PduDecoder.Decode(pdu, hasServiceCentre: true) is SmsStatusReport report)
            {
                events.Writer.TryWrite(new StatusReportReceived(report, token => DeleteStoredReportAsync(memory, index, token)));
                return true;
            }
        }
        catch (PduFormatException ex)
        {
            events.Writer.TryWrite(new UndecodablePdu(pdu, ex.Message, index));
        }

        lock (sync)
        {
            reportsHandedOver.Remove((memory, index)); // kept in the modem, as an undecodable inbound PDU is
        }

        return false;
    }

    // Reports are small and useless once saved: deleted by index (batch delete often fails on "SR").
    private async Task DeleteStoredReportAsync(string memory, int index, CancellationToken cancellationToken)
    {
        await storageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (memory != "SM")
            {
                await SelectReadMemoryAsync(memory, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await channel.ExecuteAsync($"AT+CMGD={index}", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (memory != "SM")
                {
                    await SelectReadMemoryAsync("SM", cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            storageGate.Release();
            lock (sync)
            {
                reportsHandedOver.Remove((memory, index));
            }

            // Room was freed: a network that held reports back for want of it delivers them now into
            // the memory, with no new indication. Only another read finds them.
            RequestSweep();
        }
    }

    // Every stored PDU in one memory: AT+CMGL=4, or — where listing fails, as it often does on "SR" —
    // AT+CMGR index by index up to the memory's size, until as many as AT+CPMS counted are found.
    private async Task<List<(int Index, string Pdu, int? Length)>> ListMemoryAsync(string memory, CancellationToken cancellationToken)
    {
        var found = new List<(int, string, int?)>();
        var selected = await SelectReadMemoryAsync(memory, cancellationToken).ConfigureAwait(false);
        if (selected is not { } counts)
        {
            return found;
        }

        try
        {
            if (counts.Used == 0)
            {
                return found;
            }

            var list = await channel.ExecuteAsync("AT+CMGL=4", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (list.IsOk)
            {
                for (var i = 0; i + 1 < list.Lines.Count; i++)
                {
                    if (list.Lines[i].StartsWith("+CMGL:", StringComparison.OrdinalIgnoreCase)
                        && int.TryParse(list.Lines[i][6..].Split(',')[0].Trim(), CultureInfo.InvariantCulture, out var index))
                    {
                        found.Add((index, list.Lines[i + 1], StatedLength(list.Lines[i][6..])));
                        i++;
                    }
                }

                return found;
            }

            for (var index = 0; index <= Math.Min(counts.Total, 255) && found.Count < counts.Used; index++)
            {
                var read = await channel.ExecuteAsync($"AT+CMGR={index}", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (read.IsOk && read.Lines.Count >= 2)
                {
                    found.Add((index, read.Lines[^1], StatedLength(read.Value("+CMGR:"))));
                }
            }

            return found;
        }
        finally
        {
            await SelectReadMemoryAsync("SM", cancellationToken).ConfigureAwait(false);
        }
    }

    // Only <mem1> (read and delete) changes: "SR" must never become where new messages are stored.
    private async Task<(int Used, int Total)?> SelectReadMemoryAsync(string memory, CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync($"AT+CPMS=\"{memory}\"", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            return null;
        }

        var fields = (answer.Value("+CPMS:") ?? string.Empty).Split(',');
        return fields.Length >= 2 && int.TryParse(fields[0].Trim(), CultureInfo.InvariantCulture, out var used) && int.TryParse(fields[1].Trim(), CultureInfo.InvariantCulture, out var total)
            ? (used, total)
            : (1, 255);
    }
}
