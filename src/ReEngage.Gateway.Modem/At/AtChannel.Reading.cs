using System.Text;

namespace ReEngage.Gateway.Modem.At;

/// <summary>The reader: frames lines, hands URCs on, and decides whether a line belongs to the command in flight.</summary>
public sealed partial class AtChannel
{
    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        var line = new StringBuilder(256);
        Exception? reason = null;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, shutdown.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    reason = new ModemDisconnectedException($"{name}: the modem's stream ended");
                    break;
                }

                Interlocked.Exchange(ref lastInput, time.GetTimestamp());
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        if (line.Length > 0)
                        {
                            HandleLine(line.ToString());
                            line.Clear();
                        }

                        continue;
                    }

                    // Garbage from a wrong baud rate or line noise: modems answer in ASCII (CSCS "GSM"
                    // or "IRA"), so control bytes, DEL and anything above 0x7F are dropped.
                    if (b < 0x20 || b >= 0x7F)
                    {
                        continue;
                    }

                    line.Append((char)b);
                    if (line.Length == 2 && line[0] == '>' && line[1] == ' ')
                    {
                        SignalPrompt(line);
                    }
                    else if (line.Length > 4096)
                    {
                        line.Clear(); // a line no modem sends: noise, not memory growth
                    }
                }

                // Some modems send ">" without the space; it ends the chunk, with no newline after it.
                if (line.Length == 1 && line[0] == '>')
                {
                    SignalPrompt(line);
                }
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            reason = new ModemDisconnectedException($"{name}: the channel was closed");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
        {
            reason = new ModemDisconnectedException($"{name}: reading from the modem failed: {ex.Message}", ex);
        }
        finally
        {
            Pending? orphan;
            lock (sync)
            {
                closedBecause = reason ?? new ModemDisconnectedException($"{name}: the channel was closed");
                orphan = pending;
                pending = null;
            }

            orphan?.Answer.TrySetException(closedBecause);
            orphan?.Prompt?.TrySetException(closedBecause);
            urcs.Writer.TryComplete();
            Log.Closed(logger, name, closedBecause.Message);
        }
    }

    private void SignalPrompt(StringBuilder line)
    {
        var unexpected = false;
        lock (sync)
        {
            if (pending is { ExpectsPrompt: true, PayloadWritten: false } p && (p.EchoSeen || !echoFraming))
            {
                if (p.Prompt!.TrySetResult())
                {
                    line.Clear();
                }

                return;
            }

            // A prompt nobody asked for: a late one from an AT+CMGS given up on. The modem now takes
            // whatever comes next as message text, so ESC takes it out, and the line is out of step.
            line.Clear();
            unexpected = true;
            if (pending is { ExpectsPrompt: false } other)
            {
                LoseSync(other, "a \"> \" prompt nobody asked for");
            }
            else
            {
                unsynchronised = true;
            }
        }

        if (unexpected)
        {
            _ = TryWriteAsync([Esc]);
        }
    }

    private void HandleLine(string raw)
    {
        var line = raw.Trim();
        if (line.Length == 0)
        {
            return;
        }

        Log.Received(logger, name, line.Length > 40 && IsHex(line) ? $"<{line.Length / 2} octets>" : line);
        lock (sync)
        {
            var request = pending;
            if (twoLineHeader is not null)
            {
                var header = twoLineHeader;
                twoLineHeader = null;
                if (IsHex(line))
                {
                    urcs.Writer.TryWrite(new AtUrc(header, line));
                    return;
                }

                urcs.Writer.TryWrite(new AtUrc(header)); // header without its PDU: hand it on, then read this line normally
            }

            // After the PDU, a hex line is its echo, whatever the line did to it (a lost byte included).
            if (request is not null && (IsEcho(request, line) || (request.PayloadWritten && line.Length > 16 && IsHex(line))))
            {
                if (!request.EchoSeen)
                {
                    request.EchoSeen = true;
                    request.Lines.Clear(); // anything before the echo answered an earlier command
                }

                return;
            }

            if (AtLineClassifier.IsUnsolicited(line, commandPending: true, request?.Prefix))
            {
                if (AtLineClassifier.IsTwoLineUrc(line))
                {
                    twoLineHeader = line;
                }
                else
                {
                    urcs.Writer.TryWrite(new AtUrc(line));
                }

                return;
            }

            if (request is null)
            {
                HandleUnclaimed(line);
                return;
            }

            if (request.IsProbe)
            {
                HandleProbeLine(request, line);
                return;
            }

            if (!echoFraming && IsCommandEcho(line))
            {
                Log.StaleLine(logger, name, line, request.Command);
                return; // another command's echo: never part of an answer
            }

            if (echoFraming && !request.EchoSeen)
            {
                Log.StaleLine(logger, name, line, request.Command);
                return; // before its command's echo: the answer to something sent earlier
            }

            if (AtLineClassifier.IsFinal(line, request.Command))
            {
                HandleFinal(request, line);
                return;
            }

            if (AtCommandRules.IsForeignAnswer(line, request.Prefix))
            {
                LoseSync(request, $"\"{Shorten(line)}\" cannot answer {ModemCommandException.Redact(request.Command)}");
                return;
            }

            request.Lines.Add(line);
        }
    }

    // Caller holds sync. A line with no command in flight.
    private void HandleUnclaimed(string line)
    {
        if (AtLineClassifier.IsFinal(line, null) || AtCommandRules.IsKnownAnswer(line) || line.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            // The answer (or echo) of a command nobody waits for any more. With echo framing the next
            // command's echo sets it apart; without, the next command re-synchronises first.
            Log.StaleLine(logger, name, line, "-");
            if (!echoFraming)
            {
                unsynchronised = true;
            }

            return;
        }

        urcs.Writer.TryWrite(new AtUrc(line)); // vendor noise no list knows: the session ignores what it cannot read
    }

    // Caller holds sync.
    private void HandleFinal(Pending request, string line)
    {
        var ok = line is "OK" or "0";
        if (request.ExpectsPrompt && !request.PayloadWritten && ok)
        {
            LoseSync(request, $"OK where {request.Command} must answer with a prompt or an error");
            return;
        }

        var missing = ok && request.Lines.Count == 0 && AtCommandRules.RequiresInformation(request.Command);
        if (missing && request.RequiresInformation)
        {
            LoseSync(request, $"a bare OK where {ModemCommandException.Redact(request.Command)} must answer with information");
            return;
        }

        request.MissingInformation = missing;
        pending = null;
        request.Answer.TrySetResult(new AtResponse(request.Command, request.Lines, line));
    }

    // Caller holds sync. A probe's answer counts only after its own echo, or — from a modem that does
    // not echo — with its own information line, a prefix no stale answer can carry (see NextProbe).
    private void HandleProbeLine(Pending request, string line)
    {
        if (AtLineClassifier.IsFinal(line, request.Command))
        {
            var own = request.EchoSeen || request.Lines.Exists(l => l.StartsWith(request.Prefix + ":", StringComparison.OrdinalIgnoreCase));
            if (own)
            {
                pending = null;
                request.Answer.TrySetResult(new AtResponse(request.Command, request.Lines, line));
            }
            else
            {
                Log.StaleLine(logger, name, line, request.Command);
                request.Lines.Clear();
            }

            return;
        }

        if (!request.EchoSeen && !line.StartsWith(request.Prefix + ":", StringComparison.OrdinalIgnoreCase))
        {
            Log.StaleLine(logger, name, line, request.Command);
            return;
        }

        request.Lines.Add(line);
    }

    // Caller holds sync.
    private void LoseSync(Pending request, string reason)
    {
        if (ReferenceEquals(pending, request))
        {
            pending = null;
        }

        unsynchronised = true;
        request.Answer.TrySetException(new AtSyncLostException(reason));
    }

    private static bool IsEcho(Pending request, string line) =>
        line.Equals(request.Command, StringComparison.OrdinalIgnoreCase)
        || (request.Payload is not null && line.StartsWith(request.Payload, StringComparison.OrdinalIgnoreCase))
        || (request.ExpectsPrompt && line.StartsWith("> ", StringComparison.Ordinal) && request.Payload is not null && line.Contains(request.Payload, StringComparison.OrdinalIgnoreCase));

    // "AT", "ATE1", "AT+CMGF?", "at^curc=0": what a modem echoes of a command line.
    private static bool IsCommandEcho(string line) =>
        line.StartsWith("AT", StringComparison.OrdinalIgnoreCase)
        && (line.Length == 2 || line[2] is '+' or '^' or '&' or '$' or '#' or '*' || (line.Length <= 4 && char.IsAsciiLetter(line[2])));

    private static string Shorten(string line) => line.Length > 40 ? line[..40] + "…" : line;

    private static bool IsHex(string line)
    {
        foreach (var c in line)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
