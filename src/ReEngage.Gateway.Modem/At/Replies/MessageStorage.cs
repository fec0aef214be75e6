namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>Use of one message memory: <c>&lt;memN&gt;,&lt;usedN&gt;,&lt;totalN&gt;</c>.</summary>
/// <param name="Memory">The memory name as sent ("SM", "ME", "MT", "SR", or a vendor one); null in the AT+CPMS= answer, which names none.</param>
/// <param name="Used">Messages stored.</param>
/// <param name="Total">Capacity.</param>
public sealed record StorageUsage(string? Memory, int Used, int Total)
{
    /// <summary>Share of the memory in use, 0..1 (0 for a memory of no capacity).</summary>
    public double Fill => Total <= 0 ? 0 : (double)Used / Total;
}

/// <summary>The memories offered by AT+CPMS=? for reading/deleting (mem1), writing/sending (mem2) and receiving (mem3).</summary>
/// <param name="Read">&lt;mem1&gt; choices.</param>
/// <param name="Write">&lt;mem2&gt; choices.</param>
/// <param name="Receive">&lt;mem3&gt; choices.</param>
public sealed record SupportedStorages(IReadOnlyList<string> Read, IReadOnlyList<string> Write, IReadOnlyList<string> Receive)
{
    /// <summary>Every memory named, each once, in order of first mention.</summary>
    public IReadOnlyList<string> All => Read.Concat(Write).Concat(Receive).Distinct(StringComparer.Ordinal).ToList();
}
