namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// Reads an inbound reply as a careful person would. The rule, in one sentence: <b>a reply is a keyword
/// when, case, accents, punctuation and emoji aside, it is made only of keywords and courtesy words
/// ("please", "grazie", "messaggi"), with at least one keyword — one other word and it is an ordinary
/// reply</b>. So "STOP", "Stop please", "Ciao, basta messaggi per favore" and "stop, non voglio più
/// messaggi" opt out, while "stop by tomorrow?" and "basta così grazie, arrivo alle 5" do not; a keyword
/// is a whole word or phrase, never part of one ("stopped", "bastardo", "Stoppani").
/// </summary>
/// <remarks>
/// When a reply holds keywords of several kinds the opt-out wins: a reply that asks to stop is honoured
/// (the operator can undo a wrong one). A single-word keyword of four letters or more is also recognised
/// with two neighbouring letters swapped ("sotp", "cancle"), and one of seven or more with one letter
/// wrong, missing or extra ("unsubscibe", "cancellarmi"): shorter words are too close to ordinary ones.
/// </remarks>
public sealed class KeywordMatcher
{
    private const int ShortTypoLength = 4;
    private const int LongTypoLength = 7;

    private readonly Dictionary<string, List<Entry>> phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Entry>> typos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string?>> vocabulary = new(StringComparer.Ordinal);
    private readonly List<string?> setOrder = [];
    private readonly int longestPhrase;

    /// <summary>A matcher over <paramref name="sets"/>; earlier sets win a shared keyword when nothing else tells.</summary>
    public KeywordMatcher(IEnumerable<KeywordLanguageSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        foreach (var set in sets)
        {
            setOrder.Add(set.Language);
            foreach (var kind in new[] { KeywordKind.OptOut, KeywordKind.OptIn, KeywordKind.Help })
            {
                foreach (var keyword in set.Words(kind))
                {
                    var words = KeywordText.Words(keyword);
                    if (words.Count == 0)
                    {
                        continue;
                    }

                    var entry = new Entry(kind, keyword.Trim().ToUpperInvariant(), set.Language, string.Join(' ', KeywordText.Words(keyword, squeeze: false)));
                    Add(phrases, string.Join(' ', words), entry);
                    longestPhrase = Math.Max(longestPhrase, words.Count);
                    foreach (var word in words)
                    {
                        Vote(word, set.Language);
                    }
                }
            }

            foreach (var word in set.Courtesy.SelectMany(w => KeywordText.Words(w)))
            {
                Vote(word, set.Language);
                Courtesy.Add(word);
            }
        }

        foreach (var (phrase, entries) in phrases.Where(p => !p.Key.Contains(' ', StringComparison.Ordinal)).ToList())
        {
            foreach (var variant in Typos(phrase))
            {
                // A typo that is itself a word the sets know is that word, not a typo.
                if (!phrases.ContainsKey(variant) && !Courtesy.Contains(variant))
                {
                    foreach (var entry in entries)
                    {
                        Add(typos, variant, entry);
                    }
                }
            }
        }
    }

    /// <summary>The folded courtesy words of every set.</summary>
    public HashSet<string> Courtesy { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The keyword <paramref name="text"/> is, or null for an ordinary reply. <paramref name="preferredLanguages"/>
    /// (the contact's, then the business's) settle which language a shared keyword such as STOP is reported in
    /// when the reply's other words do not.
    /// </summary>
    public KeywordMatch? Match(string? text, params IReadOnlyList<string?> preferredLanguages)
    {
        var words = KeywordText.Words(text);
        var written = KeywordText.Words(text, squeeze: false);
        var found = new List<(List<Entry> Entries, string Written, bool Typo)>();
        for (var i = 0; i < words.Count;)
        {
            if (LongestPhrase(words, i) is { } phrase)
            {
                found.Add((phrase.Entries, string.Join(' ', written.Skip(i).Take(phrase.Length)), false));
                i += phrase.Length;
            }
            else if (Courtesy.Contains(words[i]))
            {
                i++;
            }
            else if (typos.TryGetValue(words[i], out var typo))
            {
                found.Add((typo, written[i], true));
                i++;
            }
            else
            {
                return null;
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        var kind = found.Any(f => f.Entries.Any(e => e.Kind == KeywordKind.OptOut)) ? KeywordKind.OptOut : found[0].Entries[0].Kind;
        var first = found.First(f => f.Entries.Any(e => e.Kind == kind));
        var candidates = first.Entries.Where(e => e.Kind == kind).ToList();
        var chosen = candidates.Count == 1 ? candidates[0] : Attribute(candidates, first.Written, words, preferredLanguages ?? []);
        return new KeywordMatch(kind, chosen.Keyword, chosen.Language, first.Typo ? first.Written : null);
    }

    /// <summary>
    /// A keyword several sets share: the one spelled exactly as written ("STOPP" is German), then the language
    /// most of the reply's other words belong to ("stop grazie"), then the preferred, then set order.
    /// </summary>
    private Entry Attribute(List<Entry> candidates, string written, IReadOnlyList<string> words, IReadOnlyList<string?> preferred)
    {
        int Votes(Entry e) => words.Count(w => vocabulary.TryGetValue(w, out var languages) && languages.Contains(e.Language) && languages.Count < setOrder.Count);
        int Preference(Entry e)
        {
            // An unknown contact language (null) must not pick the business's language-free list.
            var at = e.Language is null ? -1 : preferred.Select(Primary).ToList().IndexOf(e.Language);
            return at < 0 ? int.MaxValue : at;
        }

        return candidates.OrderByDescending(e => e.Spelled == written).ThenByDescending(Votes).ThenBy(Preference).ThenBy(e => setOrder.IndexOf(e.Language)).First();
    }

    private (List<Entry> Entries, int Length)? LongestPhrase(IReadOnlyList<string> words, int start)
    {
        for (var length = Math.Min(longestPhrase, words.Count - start); length > 0; length--)
        {
            if (phrases.TryGetValue(string.Join(' ', words.Skip(start).Take(length)), out var entries))
            {
                return (entries, length);
            }
        }

        return null;
    }

    /// <summary>"it-IT" → "it": contacts carry IETF tags, the sets two-letter codes.</summary>
    private static string? Primary(string? language) =>
        string.IsNullOrWhiteSpace(language) ? null : language.Split('-', '_')[0].Trim().ToLowerInvariant();

    private static IEnumerable<string> Typos(string word)
    {
        if (word.Length < ShortTypoLength)
        {
            yield break;
        }

        for (var i = 0; i + 1 < word.Length; i++)
        {
            if (word[i] != word[i + 1])
            {
                yield return string.Concat(word.AsSpan(0, i), word[i + 1].ToString(), word[i].ToString(), word.AsSpan(i + 2));
            }
        }

        if (word.Length < LongTypoLength)
        {
            yield break;
        }

        const string letters = "abcdefghijklmnopqrstuvwxyz";
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
            foreach (var c in letters)
            {
                yield return string.Concat(word.AsSpan(0, i), c.ToString(), word.AsSpan(i + 1));
                yield return string.Concat(word.AsSpan(0, i), c.ToString(), word.AsSpan(i));
            }
        }

        foreach (var c in letters)
        {
            yield return word + c;
        }
    }

    private void Vote(string word, string? language)
    {
        if (!vocabulary.TryGetValue(word, out var languages))
        {
            vocabulary[word] = languages = [];
        }

        languages.Add(language);
    }

    private static void Add(Dictionary<string, List<Entry>> map, string key, Entry entry)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        if (!list.Contains(entry))
        {
            list.Add(entry);
        }
    }

    /// <summary>A keyword of one set; <paramref name="Spelled"/> is its folded phrase with repeated letters kept.</summary>
    private sealed record Entry(KeywordKind Kind, string Keyword, string? Language, string Spelled);
}
