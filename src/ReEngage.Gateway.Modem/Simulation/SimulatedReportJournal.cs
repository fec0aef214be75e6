using System.Globalization;
using System.Text;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// What the simulated network and its modems hold of status reports, appended to a file so it outlives
/// the process that simulates them — as a real SMSC and a real modem outlive a gateway that is killed.
/// One line per change: <c>P</c> a report the network holds (modem, when due, PDU), <c>S</c> stored in
/// the modem's memory, <c>A</c> routed to the host and awaiting its AT+CNMA (the modem keeps waiting for
/// it after the host died), <c>R</c> returned to the network, <c>D</c> done (acknowledged, or deleted
/// from the modem). Replayed at start.
/// </summary>
internal sealed class SimulatedReportJournal(string path)
{
    private readonly Lock gate = new();

    /// <summary>Where a report awaiting its acknowledgement is, in <see cref="Entry.StoredIn"/>.</summary>
    public const string AwaitingAcknowledgement = "(awaiting AT+CNMA)";

    /// <summary>A report not yet done: held by the network (<see cref="StoredIn"/> null), stored in a modem, or awaiting its acknowledgement there.</summary>
    public sealed record Entry(string Id, string Modem, DateTimeOffset Due, byte[] Pdu, string? StoredIn);

    /// <summary>The reports not done, by id, from an earlier run; empty when there is no file.</summary>
    public Dictionary<string, Entry> Load()
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return entries;
        }

        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split('\t');
            switch (fields)
            {
                case ["P", var id, var modem, var due, var hex]:
                    entries[id] = new Entry(id, modem, new DateTimeOffset(long.Parse(due, CultureInfo.InvariantCulture), TimeSpan.Zero), Convert.FromHexString(hex), null);
                    break;
                case ["S", var id, var memory] when entries.TryGetValue(id, out var held):
                    entries[id] = held with { StoredIn = memory };
                    break;
                case ["A", var id] when entries.TryGetValue(id, out var routed):
                    entries[id] = routed with { StoredIn = AwaitingAcknowledgement };
                    break;
                case ["R", var id] when entries.TryGetValue(id, out var back):
                    entries[id] = back with { StoredIn = null };
                    break;
                case ["D", var id]:
                    entries.Remove(id);
                    break;
                default:
                    break; // a line cut short by a kill mid-write
            }
        }

        return entries;
    }

    public void Pending(string id, string modem, DateTimeOffset due, byte[] pdu) =>
        Append($"P\t{id}\t{modem}\t{due.UtcTicks.ToString(CultureInfo.InvariantCulture)}\t{Convert.ToHexString(pdu)}");

    public void Stored(string id, string memory) => Append($"S\t{id}\t{memory}");

    public void Returned(string id) => Append($"R\t{id}");

    public void Routed(string id) => Append($"A\t{id}");

    public void Done(string id) => Append($"D\t{id}");

    private void Append(string line)
    {
        lock (gate)
        {
            // Written through to the kernel at once: a SIGKILL right after loses nothing already said.
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(Encoding.ASCII.GetBytes(line + "\n"));
        }
    }
}
