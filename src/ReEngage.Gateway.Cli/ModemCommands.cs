using System.CommandLine;
using System.Globalization;
using ReEngage.Gateway.Modem;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Modem.Transport;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Cli;

/// <summary><c>reengage modem list|probe|send|simulate</c> and <c>reengage at</c>.</summary>
internal static class ModemCommands
{
    public static Command Create()
    {
        var command = new Command("modem", CliText.Get("Find, probe and use GSM modems; serve a simulated one."));
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateProbe());
        command.Subcommands.Add(CreateSend());
        command.Subcommands.Add(CreateSimulate());
        return command;
    }

    public static Command CreateAt()
    {
        var device = new Argument<string>("device") { Description = CliText.Get("Device path, e.g. /dev/serial/by-id/usb-…-if02-port0.") };
        var text = new Argument<string>("command") { Description = CliText.Get("The AT command, e.g. \"AT+CSQ\".") };
        var timeout = new Option<double>("--timeout") { Description = CliText.Get("Seconds to wait for the final result."), DefaultValueFactory = _ => 10 };
        var baud = BaudOption();
        var command = new Command("at", CliText.Get("Run one raw AT command and print the modem's answer (a technician's console).")) { device, text, timeout, baud };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                await using var channel = new AtChannel(SerialModemTransport.Open(parse.GetValue(device)!, new SerialSettings { BaudRate = parse.GetValue(baud) }));
                var answer = await channel.ExecuteAsync(parse.GetValue(text)!, TimeSpan.FromSeconds(parse.GetValue(timeout)), throwOnError: false, cancellationToken: cancellationToken);
                foreach (var line in answer.Lines)
                {
                    output.WriteLine(line);
                }

                output.WriteLine(answer.Final);
                if (!answer.IsOk)
                {
                    var meaning = ModemErrors.Classify(answer.Final);
                    error.WriteLine($"reengage: {meaning.Meaning} ({meaning.Class})");
                    return ExitCodes.BadInput;
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is ModemDisconnectedException or ModemTimeoutException)
            {
                error.WriteLine($"reengage: {ex.Message}");
                return ExitCodes.DeviceError;
            }
        });
        return command;
    }

    private static Option<int> BaudOption() => new("--baud") { Description = CliText.Get("Baud rate (UART modems; USB modems ignore it)."), DefaultValueFactory = _ => 115200 };

    private static Option<string?> PinOption() => new("--pin") { Description = CliText.Get("SIM PIN, entered at most once.") };

    private static Command CreateList()
    {
        var root = new Option<string>("--root") { Description = CliText.Get("Device folder to scan."), DefaultValueFactory = _ => "/dev", Hidden = true };
        var command = new Command("list", CliText.Get("List serial devices that may be modems, with the identity of those that answer.")) { root };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var devices = ModemPorts.Enumerate(parse.GetValue(root)!);
            if (devices.Count == 0)
            {
                output.WriteLine(CliText.Get("No serial devices found (looked in {0}).", "/dev/reengage, /dev/serial/by-id, /dev/ttyUSB*, /dev/ttyACM*, /dev/serial0"));
                return ExitCodes.Ok;
            }

            foreach (var device in devices)
            {
                var target = device.Target == device.Path ? string.Empty : $" -> {device.Target}";
                output.WriteLine($"{device.Path}{target}  {await IdentifyAsync(device.Path, cancellationToken)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> IdentifyAsync(string device, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = new AtChannel(SerialModemTransport.Open(device));
            var quick = TimeSpan.FromSeconds(2);
            await channel.SynchronizeAsync(2, quick, cancellationToken); // echo on, and no stale answer taken for another
            async Task<string?> FirstLine(string command)
            {
                var lines = (await channel.ExecuteAsync(command, quick, throwOnError: false, cancellationToken: cancellationToken)).Lines;
                return lines.Count > 0 ? lines[0] : null;
            }

            return $"{await FirstLine("AT+CGMI")} {await FirstLine("AT+CGMM")}  IMEI {await FirstLine("AT+CGSN")}";
        }
        catch (ModemTimeoutException)
        {
            return CliText.Get("(no answer: not an AT port, or the modem is hung)");
        }
        catch (ModemDisconnectedException ex)
        {
            return CliText.Get("(cannot open: {0})", ex.Message);
        }
    }

    private static Command CreateProbe()
    {
        var device = new Argument<string>("device") { Description = CliText.Get("Device path.") };
        var pin = PinOption();
        var baud = BaudOption();
        var command = new Command("probe", CliText.Get("Initialise a modem and print its identity, SIM state, signal, registration, operator and SMSC.")) { device, pin, baud };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return await WithSessionAsync(parse.GetValue(device)!, parse.GetValue(pin), parse.GetValue(baud), parse.InvocationConfiguration.Error, async session =>
            {
                var id = session.Identity!;
                var health = session.Health;
                // The labels are padded inside each translation, so that every language lines its own values up.
                output.WriteLine(CliText.Get("device:       {0}", parse.GetValue(device)));
                output.WriteLine(CliText.Get("modem:        {0} {1} (firmware {2}), profile {3}", id.Manufacturer, id.Model, id.Revision, session.Profile.Name));
                output.WriteLine(CliText.Get("IMEI:         {0}", id.Imei));
                output.WriteLine(CliText.Get("SIM:          ready"));
                output.WriteLine(CliText.Get("IMSI:         {0}", id.Imsi));
                output.WriteLine(CliText.Get("ICCID:        {0}", id.Iccid));
                output.WriteLine(CliText.Get("signal:       {0}", health.SignalDbm is { } dbm ? CliText.Get("{0} dBm, {1}/4 bars", dbm, health.SignalBars) : CliText.Get("unknown")));
                output.WriteLine(CliText.Get("registration: {0}", Describe(health.Registration)));
                output.WriteLine(CliText.Get("operator:     {0}", health.Operator ?? CliText.Get("(none)")));
                output.WriteLine(CliText.Get("SMSC:         {0}", id.ServiceCentre ?? CliText.Get("(not set: set one with AT+CSCA or sends will fail with CMS 330)")));
                if (session.Storage is { } storage)
                {
                    output.WriteLine(CliText.Get("SMS storage:  {0}/{1}", storage.Used, storage.Total));
                }

                await Task.CompletedTask;
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateSend()
    {
        var device = new Argument<string>("device") { Description = CliText.Get("Device path.") };
        var number = new Argument<string>("number") { Description = CliText.Get("Destination: +<country><number> or a national number.") };
        var text = new Argument<string>("text") { Description = CliText.Get("Message text (concatenated when needed).") };
        var statusReport = new Option<bool>("--status-report") { Description = CliText.Get("Request delivery reports.") };
        var wait = new Option<double?>("--wait") { Description = CliText.Get("Wait this many seconds for the delivery reports (implies --status-report).") };
        var maxParts = new Option<int>("--max-parts") { Description = CliText.Get("Most parts allowed."), DefaultValueFactory = _ => SmsCounter.DefaultMaxParts };
        var smart = new Option<bool>("--smart") { Description = CliText.Get("Smart encoding (look-alike punctuation to GSM-7).") };
        var pin = PinOption();
        var baud = BaudOption();
        var command = new Command("send", CliText.Get("Send an SMS and print each part's TP-MR; with --wait, also its delivery report.")) { device, number, text, statusReport, wait, maxParts, smart, pin, baud };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            SmsSubmitMessage message;
            try
            {
                message = SmsSubmitEncoder.Encode(parse.GetValue(number)!, parse.GetValue(text)!, new SmsSubmitOptions
                {
                    StatusReport = parse.GetValue(statusReport) || parse.GetValue(wait) is not null,
                    MaxParts = parse.GetValue(maxParts),
                    SmartEncoding = parse.GetValue(smart),
                    Reference = Random.Shared.Next(256),
                });
            }
            catch (SmsEncodingException ex)
            {
                error.WriteLine($"reengage: {ex.Message}");
                return ExitCodes.BadInput;
            }

            return await WithSessionAsync(parse.GetValue(device)!, parse.GetValue(pin), parse.GetValue(baud), error, async session =>
            {
                SendResult result;
                try
                {
                    result = await session.SendAsync(message, cancellationToken);
                }
                catch (ModemSendException ex)
                {
                    error.WriteLine($"reengage: {ex.Message}{(ex.Error is { } e ? $" [{e.Label}: {e.Class}]" : string.Empty)}");
                    return ExitCodes.DeviceError;
                }

                for (var i = 0; i < result.MessageReferences.Count; i++)
                {
                    output.WriteLine(CliText.Get("part {0}/{1}: TP-MR {2}", i + 1, result.MessageReferences.Count, result.MessageReferences[i]));
                }

                if (parse.GetValue(wait) is { } seconds)
                {
                    return await WaitForReportsAsync(session, message.Destination, result.MessageReferences, TimeSpan.FromSeconds(seconds), output, cancellationToken);
                }

                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static async Task<int> WaitForReportsAsync(ModemSession session, string destination, IReadOnlyList<int> references, TimeSpan limit, TextWriter output, CancellationToken cancellationToken)
    {
        var waiting = new HashSet<int>(references);
        var failed = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            while (waiting.Count > 0)
            {
                if (await session.Events.ReadAsync(timeout.Token) is not StatusReportReceived { Report: var report } received
                    || !SameRecipient(report.Recipient.Number, destination) || !waiting.Contains(report.MessageReference))
                {
                    // Someone else's report (the gateway's) is left unacknowledged: the modem keeps it or
                    // the network retries, so the gateway still gets it when it runs again.
                    continue;
                }

                await received.AcknowledgeAsync(cancellationToken);

                output.WriteLine(CliText.Get("report TP-MR {0}: {1} (0x{2:X2} {3})", report.MessageReference, report.Status.Outcome switch { DeliveryOutcome.Delivered => CliText.Get("delivered"), DeliveryOutcome.Failed => CliText.Get("failed"), _ => CliText.Get("pending") }, report.Status.Value, report.Status.Description));
                if (report.Status.IsFinal)
                {
                    waiting.Remove(report.MessageReference);
                    failed |= report.Status.Outcome == DeliveryOutcome.Failed;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            output.WriteLine(CliText.Get("no final report within {0:0} s for TP-MR {1}", limit.TotalSeconds, string.Join(", ", waiting)));
            return ExitCodes.DeviceError;
        }

        return failed ? ExitCodes.DeviceError : ExitCodes.Ok;
    }

    // Networks often report the recipient in national form: compare the last 8 digits (MODEMS.md).
    private static bool SameRecipient(string reported, string sent)
    {
        var a = new string([.. reported.Where(char.IsAsciiDigit)]);
        var b = new string([.. sent.Where(char.IsAsciiDigit)]);
        var n = Math.Min(8, Math.Min(a.Length, b.Length));
        return n > 0 && a[^n..] == b[^n..];
    }

    private static async Task<int> WithSessionAsync(string device, string? pin, int baud, TextWriter error, Func<ModemSession, Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = new ModemSession(new AtChannel(SerialModemTransport.Open(device, new SerialSettings { BaudRate = baud })), new ModemSessionOptions { Name = device, Pin = pin });
            await session.InitializeAsync(cancellationToken);
            return await action(session);
        }
        catch (SimNotReadyException ex)
        {
            error.WriteLine(CliText.Get("reengage: SIM {0}: {1}", ex.State.ToLowerInvariant(), ex.Message));
            return ExitCodes.DeviceError;
        }
        catch (Exception ex) when (ex is ModemDisconnectedException or ModemTimeoutException or ModemCommandException)
        {
            error.WriteLine($"reengage: {ex.Message}");
            return ExitCodes.DeviceError;
        }
    }

    private static string Describe(RegistrationState state) => state switch
    {
        RegistrationState.Home => CliText.Get("registered (home network)"),
        RegistrationState.Roaming => CliText.Get("registered (roaming)"),
        RegistrationState.Searching => CliText.Get("searching for a network"),
        RegistrationState.Denied => CliText.Get("registration DENIED (SIM barred, or no service for this SIM here)"),
        RegistrationState.NotSearching => CliText.Get("not registered, not searching (antenna? AT+CFUN=1?)"),
        _ => CliText.Get("unknown"),
    };

    private static Command CreateSimulate()
    {
        var link = new Option<string>("--link") { Description = CliText.Get("Path of the symlink to create to the simulated device."), Required = true };
        var number = new Option<string>("--number") { Description = CliText.Get("The simulated SIM's number."), DefaultValueFactory = _ => "+393330000001" };
        var pin = new Option<string?>("--pin") { Description = CliText.Get("Require this SIM PIN.") };
        var dialect = new Option<SimulatedDialect>("--dialect") { Description = CliText.Get("Imitate: Generic, Sim800, QuectelEc25, HuaweiE173."), DefaultValueFactory = _ => SimulatedDialect.Generic };
        var failureRate = new Option<double>("--failure-rate") { Description = CliText.Get("Share (0–1) of delivery reports that say failed.") };
        var command = new Command("simulate", CliText.Get("Serve a simulated modem on a pseudo-terminal until stopped (Ctrl-C). Type 'help' for what it can do.")) { link, number, pin, dialect, failureRate };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var network = new SimulatedNetwork(new SimulatedNetworkOptions { FailureRate = parse.GetValue(failureRate), StatusReportDelay = TimeSpan.FromSeconds(2) });
            await using var modem = new SimulatedModem(new SimulatedModemOptions { PhoneNumber = parse.GetValue(number)!, Pin = parse.GetValue(pin), Dialect = parse.GetValue(dialect), SendDelay = TimeSpan.FromMilliseconds(500) }, network);
            using var pty = PseudoTerminal.Open(Path.GetFullPath(parse.GetValue(link)!));
            _ = modem.Serve(pty.Master);
            output.WriteLine(parse.GetValue(pin) is null
                ? CliText.Get("Simulated {0} modem on {1} -> {2}, SIM {3}.", parse.GetValue(dialect), pty.LinkPath, pty.SlavePath, modem.PhoneNumber)
                : CliText.Get("Simulated {0} modem on {1} -> {2}, SIM {3}, PIN required.", parse.GetValue(dialect), pty.LinkPath, pty.SlavePath, modem.PhoneNumber));
            output.WriteLine(CliText.Get("Try: reengage modem probe {0}   (Ctrl-C stops; type 'help' for commands)", pty.LinkPath));
            await ConsoleAsync(modem, output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    // A tiny console for demos: inject inbound SMS, change signal/registration, reboot the modem.
    private static async Task ConsoleAsync(SimulatedModem modem, TextWriter output, CancellationToken cancellationToken)
    {
        var input = Console.IsInputRedirected && Console.In.Peek() < 0 ? null : Console.In;
        while (!cancellationToken.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = input is null ? null : await input.ReadLineAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (line is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            var words = line.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            switch (words)
            {
                case ["sms", var from, var text]:
                    modem.InjectInbound(from, text);
                    output.WriteLine(CliText.Get("inbound SMS from {0} delivered to the modem", from));
                    break;
                case ["signal", var rssi] when int.TryParse(rssi, CultureInfo.InvariantCulture, out var value):
                    await modem.SetSignalAsync(value);
                    output.WriteLine(CliText.Get("signal rssi {0} ({1} dBm)", value, -113 + (2 * value)));
                    break;
                case ["registration", var stat] when int.TryParse(stat, CultureInfo.InvariantCulture, out var value):
                    await modem.SetRegistrationAsync(value);
                    output.WriteLine(CliText.Get("registration {0}", value));
                    break;
                case ["reboot"]:
                    await modem.RebootAsync();
                    output.WriteLine(CliText.Get("rebooted"));
                    break;
                case ["sent"]:
                    foreach (var sms in modem.Network.Submitted)
                    {
                        output.WriteLine(CliText.Get("{0:HH:mm:ss} TP-MR {1} to {2}: {3}", sms.At, sms.MessageReference, sms.To, sms.Pdu));
                    }

                    break;
                case []:
                    break;
                default:
                    output.WriteLine(CliText.Get("commands: sms <from> <text> | signal <0-31> | registration <0-5> | reboot | sent"));
                    break;
            }
        }
    }
}
