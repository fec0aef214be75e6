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

    /// <summary>
    /// A file that keeps the status reports the network still holds and those its modems stored, so a
    /// restarted simulation (the gateway killed and started again) finds them as real ones would. Null
    /// for none: they live as long as the process.
    /// </summary>
    public string? StateFile { get; init; }

    /// <summary>How long the network waits before trying again a status report a modem refused or never acknowledged.</summary>
    public TimeSpan ReportRetryDelay { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The network simulated modems share: each has a phone number; a message sent to another simulated
/// modem's number arrives there as an inbound SMS; status reports come back after a delay.
/// </summary>
public sealed class SimulatedNetwork
{
    private readonly ConcurrentDictionary<string, SimulatedModem> subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimulatedModem> byName = new(StringComparer.Ordinal);
    private readonly SimulatedReportJournal? journal;
    private readonly Dictionary<string, SimulatedReportJournal.Entry> earlier;
    private readonly Random random;
    private readonly Lock randomGate = new();
    private readonly ConcurrentQueue<SubmittedSms> submitted = new();
    private readonly Lock logGate = new();

    /// <summary>Creates a network; with <see cref="SimulatedNetworkOptions.StateFile"/>, it picks up what an earlier run left.</summary>
    public SimulatedNetwork(SimulatedNetworkOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new SimulatedNetworkOptions();
        Time = timeProvider ?? TimeProvider.System;
        random = new Random(Options.Seed);
        journal = Options.StateFile is { } file ? new SimulatedReportJournal(file) : null;
        earlier = journal?.Load() ?? [];
    }

    /// <summary>The network's settings.</summary>
    public SimulatedNetworkOptions Options { get; }

    /// <summary>Clock for delays and timestamps.</summary>
    public TimeProvider Time { get; }

    /// <summary>Every part any modem submitted, in order: what "the network" received.</summary>
    public IReadOnlyCollection<SubmittedSms> Submitted => submitted;

    internal void Attach(SimulatedModem modem)
    {
        subscribers[Normalize(modem.PhoneNumber)] = modem;
        byName[modem.Name] = modem;
        SimulatedReportJournal.Entry[] left;
        lock (earlier)
        {
            left = [.. earlier.Values.Where(e => e.Modem == modem.Name)];
            foreach (var entry in left)
            {
                earlier.Remove(entry.Id);
            }
        }

        // What an earlier run left: reports the modem had stored are in its memory again; those the
        // network still held are delivered when due (at once, if they fell due while nobody ran).
        foreach (var entry in left)
        {
            if (entry.StoredIn == SimulatedReportJournal.AwaitingAcknowledgement)
            {
                modem.RestoreAwaitingAcknowledgement(entry.Pdu, entry.Id);
            }
            else if (entry.StoredIn is not null)
            {
                modem.RestoreStoredReport(entry.Pdu, entry.Id);
            }
            else
            {
                _ = DeliverReportAsync(modem.Name, entry.Pdu, entry.Id, entry.Due - Time.GetUtcNow());
            }
        }
    }

    internal void Detach(SimulatedModem modem)
    {
        subscribers.TryRemove(Normalize(modem.PhoneNumber), out _);
        byName.TryRemove(new KeyValuePair<string, SimulatedModem>(modem.Name, modem));
    }

    /// <summary>The modem acknowledged the report or deleted it from its storage: the network is done with it.</summary>
    internal void ReportSettled(string id) => journal?.Done(id);

    /// <summary>The modem routed the report to its host and waits for the host's AT+CNMA.</summary>
    internal void ReportRouted(string id) => journal?.Routed(id);

    /// <summary>The modem stored the report instead of routing it (and acknowledged it to the network).</summary>
    internal void ReportStored(string id, string memory) => journal?.Stored(id, memory);

    /// <summary>The modem refused the report or never had it acknowledged (RP-ERROR): the network tries again later.</summary>
    internal void RetryReportLater(string modem, byte[] pdu, string id)
    {
        journal?.Returned(id);
        _ = DeliverReportAsync(modem, pdu, id, Options.ReportRetryDelay);
    }

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

            // The SMSC holds the report until a modem takes it: written down first, so it outlives a kill.
            var due = now + Options.StatusReportDelay;
            var report = SmscTransform.ToStatusReport(messageReference, tpdu.Destination, Options.ServiceCentre, now, due, fail ? (byte)0x41 : (byte)0x00);
            var id = Guid.NewGuid().ToString("N");
            journal?.Pending(id, sender.Name, due, report);
            _ = DeliverReportAsync(sender.Name, report, id, Options.StatusReportDelay);
        }
    }

    private async Task DeliverReportAsync(string modemName, byte[] report, string id, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, Time).ConfigureAwait(false);
        }

        // A modem that is gone (disposed) leaves the report with the network; a later run may deliver it.
        if (byName.TryGetValue(modemName, out var modem))
        {
            modem.ReceiveStatusReport(report, id);
        }
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
