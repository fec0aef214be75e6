using System.Collections.Concurrent;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>How the simulated network behaves.</summary>
public sealed record SimulatedNetworkOptions
{
    /// <summary>SMSC number the network stamps on what it delivers.</summary>
    public string ServiceCentre { get; init; } = "+393359609600";

    /// <summary>Delay between a part's submission and its status report.</summary>
    public TimeSpan StatusReportDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share (0–1) of parts whose status report says permanent failure.</summary>
    public double FailureRate { get; init; }

    /// <summary>Seed for the failure draw, so runs are repeatable.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// A file every submitted part is appended to (and flushed) before the modem confirms it: what "the
    /// network" received, which survives the gateway being killed. Null for none.
    /// </summary>
    public string? SubmissionLog { get; init; }
}

/// <summary>
/// The network simulated modems share: each has a phone number; a message sent to another simulated
/// modem's number arrives there as an inbound SMS; status reports come back after a delay.
/// </summary>
public sealed class SimulatedNetwork(SimulatedNetworkOptions? options = null, TimeProvider? timeProvider = null)
{
    private readonly ConcurrentDictionary<string, SimulatedModem> subscribers = new(StringComparer.Ordinal);
    private readonly Random random = new((options ?? new SimulatedNetworkOptions()).Seed);
    private readonly Lock randomGate = new();
    private readonly ConcurrentQueue<SubmittedSms> submitted = new();
    private readonly Lock logGate = new();

    /// <summary>The network's settings.</summary>
    public SimulatedNetworkOptions Options { get; } = options ?? new SimulatedNetworkOptions();

    /// <summary>Clock for delays and timestamps.</summary>
    public TimeProvider Time { get; } = timeProvider ?? TimeProvider.System;

    /// <summary>Every part any modem submitted, in order: what "the network" received.</summary>
    public IReadOnlyCollection<SubmittedSms> Submitted => submitted;

    internal void Attach(SimulatedModem modem) => subscribers[Normalize(modem.PhoneNumber)] = modem;

    internal void Detach(SimulatedModem modem) => subscribers.TryRemove(Normalize(modem.PhoneNumber), out _);

    /// <summary>Finds the simulated modem that has a number.</summary>
    public SimulatedModem? Find(string number) => subscribers.GetValueOrDefault(Normalize(number));

    internal void Submit(SimulatedModem sender, int messageReference, SmscTransform.SubmittedTpdu tpdu, string pduHex)
    {
        var now = Time.GetUtcNow();
        submitted.Enqueue(new SubmittedSms(sender.Name, sender.PhoneNumber, tpdu.Destination, messageReference, pduHex, now));
        if (Options.SubmissionLog is { } log)
        {
            lock (logGate)
            {
                using var file = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                var line = System.Text.Encoding.ASCII.GetBytes($"{now:O}\t{sender.Name}\t{messageReference}\t{tpdu.Destination}\t{pduHex}\n");
                file.Write(line);
                file.Flush(flushToDisk: true);
            }
        }
        if (Find(tpdu.Destination) is { } recipient)
        {
            recipient.ReceiveFromNetwork(SmscTransform.ToDeliver(tpdu, sender.PhoneNumber, Options.ServiceCentre, now));
        }

        if (tpdu.StatusReportRequested)
        {
            bool fail;
            lock (randomGate)
            {
                fail = random.NextDouble() < Options.FailureRate;
            }

            _ = ReportLaterAsync(sender, messageReference, tpdu.Destination, now, fail ? (byte)0x41 : (byte)0x00);
        }
    }

    private async Task ReportLaterAsync(SimulatedModem sender, int messageReference, string recipient, DateTimeOffset submittedAt, byte status)
    {
        await Task.Delay(Options.StatusReportDelay, Time).ConfigureAwait(false);
        var report = SmscTransform.ToStatusReport(messageReference, recipient, Options.ServiceCentre, submittedAt, Time.GetUtcNow(), status);
        sender.ReceiveStatusReport(report);
    }

    private static string Normalize(string number) => number.TrimStart('+');
}

/// <summary>One part as the simulated network received it.</summary>
/// <param name="Modem">Name of the sending modem.</param>
/// <param name="From">The sending SIM's number.</param>
/// <param name="To">Destination.</param>
/// <param name="MessageReference">TP-MR the modem assigned.</param>
/// <param name="Pdu">The PDU exactly as written after AT+CMGS (hex, SMSC field included).</param>
/// <param name="At">When it was submitted.</param>
public sealed record SubmittedSms(string Modem, string From, string To, int MessageReference, string Pdu, DateTimeOffset At);
