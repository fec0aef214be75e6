namespace ReEngage.Gateway.Smpp;

/// <summary>What adding a part did.</summary>
public enum ReassemblyOutcome
{
    /// <summary>Kept; other parts are still missing.</summary>
    Waiting,

    /// <summary>The last missing part: <see cref="ReassemblyResult{TTag}.Parts"/> holds them all in sequence order.</summary>
    Complete,

    /// <summary>A part with this sequence was already waiting: this one is refused, the first kept.</summary>
    Duplicate,
}

/// <summary>The outcome of <see cref="SmppReassembler{TTag}.Add"/>.</summary>
public sealed record ReassemblyResult<TTag>(ReassemblyOutcome Outcome, IReadOnlyList<(ReadOnlyMemory<byte> Payload, TTag Tag)> Parts)
{
    /// <summary>The parts' payloads joined in order.</summary>
    public byte[] Joined()
    {
        var joined = new byte[Parts.Sum(p => p.Payload.Length)];
        var at = 0;
        foreach (var (payload, _) in Parts)
        {
            payload.Span.CopyTo(joined.AsSpan(at));
            at += payload.Length;
        }

        return joined;
    }
}

/// <summary>
/// Joins the parts of one client's concatenated submits, by (key, reference, total), in any order. The
/// payloads are joined as octets, not text, because a part may end inside a UCS-2 surrogate pair or a GSM
/// escape. Each part carries a tag (the server keeps the request it has not answered yet); parts whose
/// siblings never come are handed back by <see cref="TakeExpired"/>. One per connection; not thread-safe.
/// </summary>
public sealed class SmppReassembler<TTag>(TimeProvider time, TimeSpan timeout)
{
    private readonly Dictionary<(string Key, int Reference, int Total), Group> groups = [];

    /// <summary>Parts held (for the window and for metrics).</summary>
    public int PendingParts => groups.Values.Sum(g => g.Parts.Count);

    /// <summary>Adds a part; <paramref name="key"/> separates messages of different senders or recipients.</summary>
    public ReassemblyResult<TTag> Add(string key, SmppSegment segment, ReadOnlyMemory<byte> payload, TTag tag)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var id = (key, segment.Reference, segment.Total);
        if (!groups.TryGetValue(id, out var group))
        {
            group = new Group(time.GetUtcNow());
            groups[id] = group;
        }

        if (group.Parts.ContainsKey(segment.Sequence))
        {
            return new ReassemblyResult<TTag>(ReassemblyOutcome.Duplicate, []);
        }

        group.Parts[segment.Sequence] = (payload, tag);
        if (group.Parts.Count < segment.Total)
        {
            return new ReassemblyResult<TTag>(ReassemblyOutcome.Waiting, []);
        }

        groups.Remove(id);
        return new ReassemblyResult<TTag>(ReassemblyOutcome.Complete, [.. group.Parts.OrderBy(p => p.Key).Select(p => p.Value)]);
    }

    /// <summary>The tags of every part whose message did not complete within the timeout; they are forgotten.</summary>
    public IReadOnlyList<TTag> TakeExpired()
    {
        var now = time.GetUtcNow();
        var expired = new List<TTag>();
        foreach (var (id, group) in groups.Where(g => now - g.Value.Started >= timeout).ToList())
        {
            groups.Remove(id);
            expired.AddRange(group.Parts.Values.Select(p => p.Tag));
        }

        return expired;
    }

    /// <summary>Every part's tag, forgotten (the connection closes).</summary>
    public IReadOnlyList<TTag> TakeAll()
    {
        var all = groups.Values.SelectMany(g => g.Parts.Values.Select(p => p.Tag)).ToList();
        groups.Clear();
        return all;
    }

    private sealed record Group(DateTimeOffset Started)
    {
        public Dictionary<int, (ReadOnlyMemory<byte> Payload, TTag Tag)> Parts { get; } = [];
    }
}
