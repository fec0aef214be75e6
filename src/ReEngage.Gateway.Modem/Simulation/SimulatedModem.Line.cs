using System.Text;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// The simulated modem's side of the line: reading commands (echoed while echo is on), the prompt and
/// the PDU after it, and every answer recorded in the transcript before it is written.
/// </summary>
public sealed partial class SimulatedModem
{
    // Only the read loop touches it: when the current AT+CMGS= arrived.
    private long submitStartedAt;

    private async Task ReadLoopAsync(Connection current)
    {
        var buffer = new byte[1024];
        var line = new StringBuilder();
        var pdu = new StringBuilder();
        int? pduLength = null;
        try
        {
            while (true)
            {
                var read = await current.Stream.ReadAsync(buffer, current.Cancel.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    bool isHung;
                    bool echoing;
                    lock (sync)
                    {
                        isHung = hung;
                        echoing = echo;
                    }

                    if (isHung)
                    {
                        continue;
                    }

                    if (pduLength is { } expected)
                    {
                        if (b == 0x1A)
                        {
                            var hex = pdu.ToString();
                            pdu.Clear();
                            pduLength = null;
                            if (echoing)
                            {
                                await WriteRawAsync(hex).ConfigureAwait(false); // echoed as typed, ended by the answer's CR LF
                            }

                            await HandlePduAsync(expected, hex).ConfigureAwait(false);
                        }
                        else if (b == 0x1B)
                        {
                            pdu.Clear();
                            pduLength = null; // ESC cancels the message, silently, as real modems do
                        }
                        else if (b >= 0x20)
                        {
                            pdu.Append((char)b);
                        }

                        continue;
                    }

                    if (b == 0x1B)
                    {
                        line.Clear();
                        continue;
                    }

                    if (b == '\r')
                    {
                        var command = line.ToString().Trim();
                        line.Clear();
                        if (echoing)
                        {
                            await WriteRawAsync(command + "\r").ConfigureAwait(false);
                        }

                        if (command.Length > 0)
                        {
                            pduLength = await HandleCommandAsync(command).ConfigureAwait(false);
                        }

                        continue;
                    }

                    if (b >= 0x20 && b < 0x7F)
                    {
                        line.Append((char)b);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The host went away or the modem was unplugged: the connection simply ends.
        }
        finally
        {
            lock (sync)
            {
                if (ReferenceEquals(connection, current))
                {
                    connection = null;
                }
            }

            current.Close();
        }
    }

    // Returns the PDU length when the command opened the "> " prompt.
    private async Task<int?> HandleCommandAsync(string command)
    {
        lock (sync)
        {
            BoundedRecord.Append(commandLog, command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase) ? "AT+CPIN=****" : command, options.RecordLimit);
        }

        var upper = command.ToUpperInvariant();
        if (upper.StartsWith("AT+CMGS=", StringComparison.Ordinal))
        {
            submitGaps.SubmitStarted();
            submitStartedAt = network.Time.GetTimestamp();
        }

        if (!upper.StartsWith("AT", StringComparison.Ordinal))
        {
            await ErrorAsync().ConfigureAwait(false);
            return null;
        }

        var body = upper[2..];
        var (reply, prompt) = Execute(body, command[2..]);
        if (prompt is not null)
        {
            lock (sync)
            {
                promptCommand = command;
            }

            await WriteRawAsync("\r\n> ").ConfigureAwait(false);
            return prompt;
        }

        reply ??= [IsHuawei ? "COMMAND NOT SUPPORT" : "ERROR"];
        Record(command, reply);
        await WriteLinesAsync(reply).ConfigureAwait(false);
        return null;
    }

    private Task ErrorAsync() => WriteLinesAsync(IsHuawei ? "COMMAND NOT SUPPORT" : "ERROR");

    private void Record(string command, string[] reply)
    {
        lock (sync)
        {
            BoundedRecord.Append(transcript, new SimulatedExchange(exchanges++, command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase) ? "AT+CPIN=****" : command, reply), options.RecordLimit);
        }
    }

    // The answer to the text after a prompt belongs to the command that opened it.
    private Task AnswerPduAsync(params string[] reply)
    {
        string command;
        lock (sync)
        {
            command = promptCommand ?? "AT+CMGS";
            promptCommand = null;
        }

        Record(command, reply);
        return WriteLinesAsync(reply);
    }

    private async Task HandlePduAsync(int declaredLength, string hex)
    {
        byte[] bytes;
        SmscTransform.SubmittedTpdu tpdu;
        try
        {
            bytes = Convert.FromHexString(hex);
            var smscLength = bytes[0] + 1;
            if (bytes.Length - smscLength != declaredLength)
            {
                await AnswerPduAsync("+CMS ERROR: 304").ConfigureAwait(false); // length mismatch: the classic encoder bug
                return;
            }

            tpdu = SmscTransform.ParseSubmit(bytes[smscLength..]);
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentException)
        {
            await AnswerPduAsync("+CMS ERROR: 304").ConfigureAwait(false);
            return;
        }

        int? failure = null;
        int reference;
        lock (sync)
        {
            if (failNextSends.Count > 0)
            {
                failure = failNextSends.Dequeue();
            }

            reference = nextReference;
            if (failure is null)
            {
                nextReference = (nextReference + 1) & 0xFF;
            }
        }

        // The submit's time counts from AT+CMGS=: the prompt and the PDU's way here were part of it.
        var remaining = options.SendDelay + RelayLinkCost() - network.Time.GetElapsedTime(submitStartedAt);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, network.Time).ConfigureAwait(false);
        }

        RelayLinkUsed();
        if (failure is { } code)
        {
            await AnswerPduAsync($"+CMS ERROR: {code}").ConfigureAwait(false);
            return;
        }

        if (registration is not (1 or 5))
        {
            await AnswerPduAsync("+CMS ERROR: 331").ConfigureAwait(false);
            return;
        }

        network.Submit(this, reference, tpdu, hex);
        await AnswerPduAsync($"+CMGS: {reference}", "OK").ConfigureAwait(false);
        submitGaps.Answered();
    }

    private async Task AnswerUssdLaterAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50), network.Time).ConfigureAwait(false);
        await WriteLinesAsync($"+CUSD: 0,\"{options.BalanceText}\",15").ConfigureAwait(false);
    }
}
