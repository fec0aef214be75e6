using System.Globalization;
using ReEngage.Gateway.Modem;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.At.Replies;
using ReEngage.Gateway.Modem.Transport;

namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>
/// Each reachable modem over AT, read-only but for the memory AT+CPMS reads from (put back after): SIM PIN,
/// SMSC, registration, signal, operator, storage and status reports stranded in "SR".
/// </summary>
internal sealed class ModemAtCheck : IDoctorCheck
{
    public string Name => "at";

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var device in context.Devices.Where(d => !context.Unreachable.Contains(d.Path)))
        {
            try
            {
                await using var channel = new AtChannel(SerialModemTransport.Open(device.Path), Path.GetFileName(device.Path));
                await channel.SynchronizeAsync(2, context.AtTimeout, cancellationToken);
                await CheckAsync(channel, device.Path, context.AtTimeout, findings, cancellationToken);
            }
            catch (ModemTimeoutException)
            {
                findings.Add(Finding.Fail("modem", device.Path, CliText.Get("no answer to AT"), CliText.Get("Not an AT port (a stick has several: try the others, hardware/README.md), or the modem is hung: unplug it for 10 s.")));
            }
            catch (ModemDisconnectedException ex)
            {
                findings.Add(Finding.Fail("modem", device.Path, CliText.Get("cannot open: {0}", ex.Message), CliText.Get("Check the permissions above, and that nothing else holds the port.")));
            }
        }

        return findings;
    }

    private static async Task CheckAsync(AtChannel channel, string device, TimeSpan timeout, List<Finding> findings, CancellationToken cancellationToken)
    {
        async Task<AtResponse> At(string command) => await channel.ExecuteAsync(command, timeout, throwOnError: false, retryAfterTimeout: false, cancellationToken: cancellationToken);

        var pin = await At("AT+CPIN?");
        var state = pin.Value("+CPIN:")?.Trim().Trim('"');
        switch (state)
        {
            case "READY":
                findings.Add(Finding.Ok("sim", device, CliText.Get("ready")));
                break;
            case "SIM PIN":
                findings.Add(Finding.Fail("sim", device, CliText.Get("asks for its PIN"), CliText.Get("Set Gateway:Modems:<n>:Pin in /etc/reengage/appsettings.json (check it first: reengage modem probe <device> --pin NNNN); or remove the PIN in a phone.")));
                return;
            case "SIM PUK":
                findings.Add(Finding.Fail("sim", device, CliText.Get("blocked: asks for its PUK (wrong PIN entered 3 times)"), CliText.Get("Unblock it with the PUK in a phone, then set the right Gateway:Modems:<n>:Pin.")));
                return;
            case null:
                findings.Add(Finding.Fail("sim", device, CliText.Get("no SIM answer ({0})", pin.Final), CliText.Get("Insert the SIM (modem unplugged first) and check it sits right.")));
                return;
            default:
                findings.Add(Finding.Fail("sim", device, CliText.Get("not ready: {0}", state), CliText.Get("Check the SIM in a phone; the modem cannot send until AT+CPIN? says READY.")));
                return;
        }

        var smsc = (await At("AT+CSCA?")).Value("+CSCA:")?.Split(',')[0].Trim().Trim('"');
        findings.Add(string.IsNullOrEmpty(smsc)
            ? Finding.Fail("smsc", device, CliText.Get("not set: every send fails (CMS 330)"), CliText.Get("Set your operator's service centre: reengage at <device> 'AT+CSCA=\"+<number>\"' (the operator publishes it)."))
            : Finding.Ok("smsc", device, smsc));

        var registration = NetworkRegistrationParser.Parse((await At("AT+CREG?")).Lines).Value;
        var op = OperatorSelectionParser.Parse((await At("AT+COPS?")).Lines).Value?.Operator;
        findings.Add(registration switch
        {
            null => Finding.Warn("network", device, CliText.Get("registration unknown (no +CREG answer)"), CliText.Get("Ask the modem yourself: reengage at <device> {0}", "AT+CREG?")),
            { IsRegistered: true } r => Finding.Ok("network", device, r.Stat is 5 or 7 or 10 ? CliText.Get("registered (roaming), operator {0}", op ?? CliText.Get("(not named)")) : CliText.Get("registered (home), operator {0}", op ?? CliText.Get("(not named)"))),
            { Stat: 2 } => Finding.Warn("network", device, CliText.Get("searching for a network"), CliText.Get("Wait a minute after plugging in; if it stays, check the antenna and coverage.")),
            { Stat: 3 } => Finding.Fail("network", device, CliText.Get("registration denied"), CliText.Get("The network refuses this SIM: check with the operator that it is active (and not barred for this network).")),
            { Stat: 0 } => Finding.Fail("network", device, CliText.Get("not registered, not searching"), CliText.Get("Turn the radio on (reengage at <device> AT+CFUN=1), check the antenna.")),
            var r => Finding.Fail("network", device, CliText.Get("not registered (state {0})", r.Stat), CliText.Get("Check the antenna, the coverage and the SIM's subscription.")),
        });

        var csq = (await At("AT+CSQ")).Value("+CSQ:")?.Split(',')[0].Trim();
        if (int.TryParse(csq, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rssi))
        {
            var dbm = -113 + (2 * rssi);
            findings.Add(rssi switch
            {
                99 => Finding.Fail("signal", device, CliText.Get("none (+CSQ 99)"), CliText.Get("Connect the antenna (both, on a modem with two) and move it away from metal.")),
                < 10 => Finding.Warn("signal", device, CliText.Get("weak: {0} dBm (+CSQ {1})", dbm, rssi), CliText.Get("Move the antenna (a window, a cable) or use a better one: below -93 dBm sends fail and retry.")),
                _ => Finding.Ok("signal", device, $"{dbm} dBm (+CSQ {rssi})"),
            });
        }

        await CheckStorageAsync(At, device, findings);
    }

    private static async Task CheckStorageAsync(Func<string, Task<AtResponse>> at, string device, List<Finding> findings)
    {
        var query = await at("AT+CPMS?");
        var usage = MessageStorageParser.ParseQuery(query.Lines).Value;
        if (usage is null || usage.Count == 0)
        {
            findings.Add(Finding.Warn("storage", device, CliText.Get("unknown ({0})", query.Final), CliText.Get("Ask the modem yourself: reengage at <device> {0}", "AT+CPMS?")));
            return;
        }

        foreach (var memory in usage.Where(u => u.Memory is not null and not "SR").DistinctBy(u => u.Memory))
        {
            var text = $"{memory.Memory} {memory.Used}/{memory.Total}";
            var clear = CliText.Get("Start the gateway (it stores and deletes what arrives), or clear it: reengage at <device> 'AT+CMGD=1,4'.");
            findings.Add(memory.Fill >= 1 ? Finding.Fail("storage", device, CliText.Get("{0}: full, new SMS are refused", text), clear)
                : memory.Fill >= 0.8 ? Finding.Warn("storage", device, CliText.Get("{0}: almost full", text), clear)
                : Finding.Ok("storage", device, text));
        }

        // Status reports the modem filed in "SR" instead of handing them over: the gateway reads them when
        // it runs; left there they fill SR and the network holds back the next ones.
        var supported = MessageStorageParser.ParseSupported((await at("AT+CPMS=?")).Lines).Value;
        if (supported is null || !supported.All.Contains("SR"))
        {
            return;
        }

        var readMemory = usage[0].Memory ?? "SM";
        var sr = await at("AT+CPMS=\"SR\"");
        var stranded = MessageStorageParser.ParseSet(sr.Lines).Value;
        if (readMemory != "SR")
        {
            await at($"AT+CPMS=\"{readMemory}\"");
        }

        if (stranded is not { Count: > 0 })
        {
            return;
        }

        var reports = stranded[0];
        findings.Add(reports.Used == 0
            ? Finding.Ok("reports", device, CliText.Get("no status report stranded in SR (0/{0})", reports.Total))
            : Finding.Warn("reports", device, CliText.Get("{0} status report(s) stranded in SR ({0}/{1})", reports.Used, reports.Total),
                CliText.Get("Start the gateway: it reads, applies and deletes them (reports for SMS sent by something else are deleted too).")));
    }
}
