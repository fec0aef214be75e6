using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReEngage.Gateway.Sms;

/// <summary>An inbound message made whole from its parts (or from what arrived before the timeout).</summary>
/// <param name="Originator">The sender.</param>
/// <param name="Text">The parts' texts joined in sequence order.</param>
/// <param name="Parts">The parts that arrived, in sequence order.</param>
/// <param name="Complete">False when parts were missing at the timeout.</param>
/// <param name="ExpectedParts">The total the parts declared.</param>
public sealed record ReassembledSms(SmsAddress Originator, string Text, IReadOnlyList<SmsDeliver> Parts, bool Complete, int ExpectedParts)
{
    /// <summary>The earliest SMSC timestamp among the parts.</summary>
    public DateTimeOffset? ServiceCentreTimestamp => Parts.Min(p => p.ServiceCentreTimestamp);

    /// <summary>
    /// What makes this message the same message when the network delivers it again (a retry after a
    /// late acknowledgement): sender, service-centre time stamp, concatenation reference and the parts
    /// present, and the text — hashed (SHA-256, 128 bits, hex). The SMSC stamps a message once, so a
    /// retry keeps its time stamp; the same words sent again by the person are a new message.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var key = new StringBuilder()
                .Append(Originator.Number).Append('|')
                .Append(ServiceCentreTimestamp?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('|');
            if (Parts.Count > 0 && Parts[0].UserData.Concatenation is { } concatenation)
            {
                key.Append(concatenation.Reference).Append('/').Append(concatenation.Total).Append(':')
                    .AppendJoin(',', Parts.Select(p => p.UserData.Concatenation?.Sequence ?? 0));
            }

            key.Append('|').Append(Text);
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())), 0, 16);
        }
    }
}

/// <summary>
/// Joins concatenated SMS-DELIVER parts by (originator, reference, total), in any order, ignoring
/// duplicates; hands over what arrived when the rest never comes. Thread-safe. Time comes from a
/// <see cref="TimeProvider"/> so expiry is testable.
/// </summary>
/// <param name="timeProvider">Clock for the timeout.</param>
/// <param name="timeout">
/// How long to wait for missing parts after the first one arrived (Gammu: 600 s; the gateway: 24 h). The
/// first part's arrival is the earlier of when it was added and its SMSC time stamp, so a restart that
/// finds the parts again in the modem does not start the wait over.
/// </param>
public sealed class SmsReassembler(TimeProvider timeProvider, TimeSpan timeout)
{
    private readonly Dictionary<(string Originator, int Reference, int Total), Pending> pending = [];
    private readonly Lock gate = new();

    /// <summary>Creates a reassembler with Gammu's 10-minute timeout on the system clock.</summary>
    public SmsReassembler()
        : this(TimeProvider.System, TimeSpan.FromMinutes(10))
    {
    }

    /// <summary>Number of messages waiting for parts.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    /// <summary>
    /// Adds a part. Returns the whole message when this part completes it (or when it is not
    /// concatenated at all); null while parts are missing or when the part is a duplicate.
    /// </summary>
    public ReassembledSms? Add(SmsDeliver part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.UserData.Concatenation is not { Total: > 1 } info)
        {
            return new ReassembledSms(part.Originator, part.UserData.Text, [part], true, 1);
        }

        var key = (part.Originator.Number, info.Reference, info.Total);
        lock (gate)
        {
            if (!pending.TryGetValue(key, out var entry))
            {
                entry = new Pending(part.Originator, info.Total, Arrival(part));
                pending[key] = entry;
            }
            else
            {
                entry.FirstArrival = Min(entry.FirstArrival, Arrival(part));
            }

            if (entry.Parts[info.Sequence - 1] is not null)
            {
                return null; // a duplicate: a modem or the network delivered the same part twice
            }

            entry.Parts[info.Sequence - 1] = part;
            entry.Received++;
            if (entry.Received < info.Total)
            {
                return null;
            }

            pending.Remove(key);
            return entry.ToMessage(complete: true);
        }
    }

    /// <summary>Hands over, incomplete, every message whose first part arrived longer ago than the timeout.</summary>
    public IReadOnlyList<ReassembledSms> Expire()
    {
        var now = timeProvider.GetUtcNow();
        List<ReassembledSms>? expired = null;
        lock (gate)
        {
            foreach (var (key, entry) in pending)
            {
                if (now - entry.FirstArrival >= timeout)
                {
                    (expired ??= []).Add(entry.ToMessage(complete: false));
                    pending.Remove(key);
                }
            }
        }

        return expired ?? (IReadOnlyList<ReassembledSms>)[];
    }

    // Now, or the part's SMSC time stamp when that is earlier — trusted only within 30 days, as an SMSC
    // with a wrong clock must not make every long message look long overdue.
    private DateTimeOffset Arrival(SmsDeliver part)
    {
        var now = timeProvider.GetUtcNow();
        return part.ServiceCentreTimestamp is { } stamp && stamp < now && now - stamp < TimeSpan.FromDays(30) ? stamp : now;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed class Pending(SmsAddress originator, int total, DateTimeOffset firstArrival)
    {
        public SmsDeliver?[] Parts { get; } = new SmsDeliver?[total];

        public int Received { get; set; }

        public DateTimeOffset FirstArrival { get; set; } = firstArrival;

        public ReassembledSms ToMessage(bool complete)
        {
            var arrived = Parts.Where(p => p is not null).Cast<SmsDeliver>().ToArray();
            var text = string.Concat(arrived.Select(p => p.UserData.Text));
            return new ReassembledSms(originator, text, arrived, complete, Parts.Length);
        }
    }
}
