using System.Globalization;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.At.Replies;

namespace ReEngage.Gateway.Modem;

/// <summary>
/// Unsolicited result codes: each is handled in arrival order by one loop, and one that cannot be read
/// never stops the stream (a restart banner re-initialises the modem).
/// </summary>
public sealed partial class ModemSession
{
    private async Task ProcessUnsolicitedAsync()
    {
        var token = stopping.Token;
        try
        {
            await foreach (var urc in channel.Unsolicited.ReadAllAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await HandleUnsolicitedAsync(urc, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ModemCommandException or ModemTimeoutException or FormatException)
                {
                    // One bad URC or a failed follow-up read must never stop the modem's event stream.
                    SessionLog.UrcFailed(logger, Name, urc.Line, ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ModemDisconnectedException or ObjectDisposedException)
        {
            // The session is stopping (its channel may already be disposed) or the modem went away: Completion tells the owner.
        }
    }

    private async Task HandleUnsolicitedAsync(AtUrc urc, CancellationToken cancellationToken)
    {
        var line = urc.Line;
        if (urc.IsRestart)
        {
            SessionLog.Restarted(logger, Name, line);
            events.Writer.TryWrite(new ModemRestarted(line));
            _ = Task.Run(() => ReinitializeAsync(cancellationToken), cancellationToken);
            return;
        }

        if (line.StartsWith("+CMTI:", StringComparison.OrdinalIgnoreCase))
        {
            var fields = line[6..].Split(',');
            var index = int.Parse(fields[^1].Trim(), CultureInfo.InvariantCulture);
            AtResponse read;
            await storageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                read = await channel.ExecuteAsync($"AT+CMGR={index}", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                storageGate.Release();
            }

            if (read.IsOk && read.Lines.Count >= 2)
            {
                var header = read.Value("+CMGR:");
                var length = header is null ? null : int.TryParse(header.Split(',')[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
                await HandleStoredPduAsync(read.Lines[^1], length, index, cancellationToken, announced: true).ConfigureAwait(false);
            }

            return;
        }

        if (line.StartsWith("+CMT:", StringComparison.OrdinalIgnoreCase) && urc.Pdu is { } deliverPdu)
        {
            var length = int.TryParse(line[5..].Split(',')[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
            await HandleStoredPduAsync(deliverPdu, length, null, cancellationToken, routed: true).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith("+CDS:", StringComparison.OrdinalIgnoreCase) && urc.Pdu is { } reportPdu)
        {
            var length = int.TryParse(line[5..].Split(',')[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
            await HandleRoutedReportAsync(reportPdu, length, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith("+SMS FULL", StringComparison.OrdinalIgnoreCase) || line.StartsWith("^SMMEMFULL", StringComparison.OrdinalIgnoreCase))
        {
            // Full storage is not fatal: the network keeps new messages until there is room. Hand over
            // what is stored; the consumer's acknowledgements delete it and make that room.
            SessionLog.StorageFull(logger, Name);
            await SweepStorageAsync(cancellationToken).ConfigureAwait(false);
            RequestSweep();
            return;
        }

        if (line.StartsWith("+CDSI:", StringComparison.OrdinalIgnoreCase))
        {
            await ReadStoredReportAsync(line, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith("+CREG:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("+CGREG:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("+CEREG:", StringComparison.OrdinalIgnoreCase))
        {
            if (NetworkRegistrationParser.ParseLine(line).Value is { } read)
            {
                Update(h => h with { Registration = StateOf(read), At = time.GetUtcNow() });
            }

            return;
        }

        if (line.StartsWith("^RSSI:", StringComparison.OrdinalIgnoreCase) && int.TryParse(line[6..].Trim(), CultureInfo.InvariantCulture, out var rssi))
        {
            Update(h => h with { Rssi = rssi is >= 0 and <= 31 ? rssi : null, At = time.GetUtcNow() });
            return;
        }

        if (line.StartsWith("+CUSD:", StringComparison.OrdinalIgnoreCase))
        {
            TaskCompletionSource<string>? waiter;
            lock (sync)
            {
                waiter = pendingUssd;
                pendingUssd = null;
            }

            var quoted = line.IndexOf('"', StringComparison.Ordinal);
            var end = line.LastIndexOf('"');
            waiter?.TrySetResult(quoted >= 0 && end > quoted ? line[(quoted + 1)..end] : line[6..].Trim());
        }
    }

    private async Task ReinitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModemTimeoutException or ModemCommandException or SimNotReadyException or ModemDisconnectedException)
        {
            SessionLog.ReinitFailed(logger, Name, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
