using System.Text.Json.Nodes;

namespace ReEngage.Gateway.Modem.Tests;

/// <summary>
/// The AT reply parsers (<c>ReEngage.Gateway.Modem.At.Replies</c>) against 227 replies from real devices
/// collected in Gammu's and ModemManager's test data, read at run time from
/// <c>../shared/corpus/at-realworld.jsonl</c> beside the repository — third-party data, never copied in.
/// Every entry is its own test case: each fact its <c>expect</c> states (final result code, URCs, every
/// key) must be read, an <c>error</c> entry must be rejected cleanly, an <c>either_error</c> entry may be
/// either. An entry where we believe the corpus is wrong goes in <see cref="Disputes"/> with the clause:
/// it still runs, must still disagree, and fails once the disagreement is gone.
/// </summary>
public sealed class AtRealWorldCorpusTests
{
    private const string MissingCorpus = "(corpus missing)";

    /// <summary>
    /// Entry id → the 27.007 / 27.005 / 23.038 clause and why the expected value is believed wrong.
    /// Empty: every entry agrees with the parsers; kept so a future disagreement is written down here,
    /// not skipped.
    /// </summary>
    private static readonly Dictionary<string, string> Disputes = new(StringComparer.Ordinal);

    private static readonly Lazy<Dictionary<string, JsonObject>> Corpus = new(() => Load(CorpusPath("at-realworld.jsonl")));

    public static TheoryData<string> Entries()
    {
        var data = new TheoryData<string>();
        try
        {
            foreach (var id in Corpus.Value.Keys)
            {
                data.Add(id);
            }
        }
        catch (IOException)
        {
            data.Add(MissingCorpus); // fails below with the path, instead of the theory vanishing
        }

        return data;
    }

    [Fact]
    public void Corpus_IsThere_AndWhole()
    {
        // A missing or truncated corpus must fail loudly rather than pass with nothing checked.
        Assert.True(File.Exists(CorpusPath("at-realworld.jsonl")), $"corpus not found at {CorpusPath("at-realworld.jsonl")}");
        Assert.Equal(227, Corpus.Value.Count);
    }

    [Fact]
    public void Disputes_NameEntriesThatExist()
    {
        foreach (var id in Disputes.Keys)
        {
            Assert.True(Corpus.Value.ContainsKey(id), $"disputed entry {id} is not in the corpus");
        }
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Entry_IsReadAsItsSourceAndTheSpecSay(string id)
    {
        Assert.True(id != MissingCorpus, $"the AT corpus is missing: expected it at {CorpusPath("at-realworld.jsonl")}");
        var problems = AtCorpusFacts.Check(Corpus.Value[id], PduLength);
        if (Disputes.TryGetValue(id, out var why))
        {
            Assert.True(problems.Count > 0, $"{id} is disputed ({why}) but the parsers now agree with the corpus: remove the dispute");
            return;
        }

        Assert.True(problems.Count == 0, $"{id}:\n  " + string.Join("\n  ", problems));
    }

    internal static string CorpusPath(string file)
    {
        // The corpus sits beside the repository (../shared/corpus), on every developer machine and in CI.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReEngage.Gateway.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus", file));
            }
        }

        throw new InvalidOperationException($"ReEngage.Gateway.sln not found above {AppContext.BaseDirectory}");
    }

    // The TPDU length the PDU corpus passes to the decoder for a pdu_ref (null where it found the stated one edited).
    private static readonly Lazy<Dictionary<string, int?>> PduLengths = new(() =>
        Load(CorpusPath("pdu-realworld.jsonl")).ToDictionary(e => e.Key, e => e.Value["length"]?.GetValue<int>()));

    private static int? PduLength(string pduRef) =>
        PduLengths.Value.TryGetValue(pduRef, out var length) ? length : throw new InvalidOperationException($"pdu_ref {pduRef} is not in the PDU corpus");

    private static Dictionary<string, JsonObject> Load(string path)
    {
        var entries = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line) || JsonNode.Parse(line) is not JsonObject entry || entry["_meta"] is not null)
            {
                continue;
            }

            entries.Add(entry["id"]!.GetValue<string>(), entry);
        }

        return entries;
    }
}
