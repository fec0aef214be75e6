using System.Collections.Frozen;

namespace ReEngage.Gateway.Sms;

/// <summary>
/// The national language tables a GSM-7 message uses (23.038 §6.2.1.2.4): a locking shift table in the
/// basic table's place and a single shift table behind ESC. <see cref="Default"/> is the default alphabet
/// and its extension table, which need no header.
/// </summary>
/// <param name="Locking">The locking shift table's language; <see cref="NationalLanguage.None"/> for the default alphabet.</param>
/// <param name="SingleShift">The single shift table's language; <see cref="NationalLanguage.None"/> for the default extension table.</param>
public readonly record struct NationalLanguageShift(NationalLanguage Locking, NationalLanguage SingleShift)
{
    private static readonly FrozenDictionary<char, byte>?[] LockingMaps = BuildMaps(NationalLanguageTables.Locking, locking: true);
    private static readonly FrozenDictionary<char, byte>?[] SingleMaps = BuildMaps(NationalLanguageTables.SingleShift, locking: false);

    /// <summary>The default alphabet and extension table.</summary>
    public static NationalLanguageShift Default => default;

    /// <summary>True for the default alphabet and extension table (no header element).</summary>
    public bool IsDefault => Locking == NationalLanguage.None && SingleShift == NationalLanguage.None;

    /// <summary>User data header octets the shift IEs take (3 each: id, length, language), UDHL not included.</summary>
    public int HeaderOctets => (Locking == NationalLanguage.None ? 0 : 3) + (SingleShift == NationalLanguage.None ? 0 : 3);

    /// <summary>The combinations worth trying for these languages, the default first.</summary>
    public static IReadOnlyList<NationalLanguageShift> Candidates(IReadOnlyList<NationalLanguage> languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        var candidates = new List<NationalLanguageShift> { Default };
        foreach (var language in languages.Distinct())
        {
            if (language == NationalLanguage.None || (int)language >= NationalLanguageTables.SingleShift.Length)
            {
                continue;
            }

            candidates.Add(new NationalLanguageShift(NationalLanguage.None, language));
            if (NationalLanguageTables.Locking[(int)language] is not null)
            {
                candidates.Add(new NationalLanguageShift(language, NationalLanguage.None));
                candidates.Add(new NationalLanguageShift(language, language));
            }
        }

        return candidates;
    }

    /// <summary>Septets the character costs with these tables: 1, 2 (ESC + code) or 0 (not encodable).</summary>
    public int SeptetCost(char c) => Septet(c) is { } septet ? (septet.Escaped ? 2 : 1) : 0;

    /// <summary>The character's septet and whether it follows an ESC; null when these tables cannot write it.</summary>
    public (byte Code, bool Escaped)? Septet(char c)
    {
        if (IsDefault)
        {
            var entry = GsmAlphabet.LookupEntry(c);
            return entry == 0 ? null : entry >= 0x100 ? ((byte)(entry & 0x7F), true) : ((byte)(entry - 1), false);
        }

        if (Locking == NationalLanguage.None)
        {
            var entry = GsmAlphabet.LookupEntry(c);
            if (entry is > 0 and < 0x100)
            {
                return ((byte)(entry - 1), false);
            }
        }
        else if (LockingMaps[(int)Locking]!.TryGetValue(c, out var basic))
        {
            return (basic, false);
        }

        if (SingleShift == NationalLanguage.None)
        {
            var entry = GsmAlphabet.LookupEntry(c);
            return entry >= 0x100 ? ((byte)(entry & 0x7F), true) : null;
        }

        return SingleMaps[(int)SingleShift]!.TryGetValue(c, out var shifted) ? (shifted, true) : null;
    }

    /// <summary>Septets for the whole text, or -1 when a character cannot be written with these tables.</summary>
    public int CountSeptets(ReadOnlySpan<char> text)
    {
        var total = 0;
        foreach (var c in text)
        {
            var cost = SeptetCost(c);
            if (cost == 0)
            {
                return -1;
            }

            total += cost;
        }

        return total;
    }

    /// <summary>Writes the shift IEs (0x25 locking, 0x24 single) into a header; returns the octets written.</summary>
    internal int WriteHeaderElements(Span<byte> destination)
    {
        var n = 0;
        if (Locking != NationalLanguage.None)
        {
            destination[n++] = UserDataHeader.LockingShift;
            destination[n++] = 1;
            destination[n++] = (byte)Locking;
        }

        if (SingleShift != NationalLanguage.None)
        {
            destination[n++] = UserDataHeader.SingleShift;
            destination[n++] = 1;
            destination[n++] = (byte)SingleShift;
        }

        return n;
    }

    private static FrozenDictionary<char, byte>?[] BuildMaps(string?[] tables, bool locking)
    {
        var maps = new FrozenDictionary<char, byte>?[tables.Length];
        for (var language = 1; language < tables.Length; language++)
        {
            if (tables[language] is not { } table)
            {
                continue;
            }

            var map = new Dictionary<char, byte>();
            for (var code = 0; code < table.Length; code++)
            {
                var c = table[code];

                // Undefined positions and the escape are never written; a character listed twice (the
                // Indic single shift tables repeat a few) is written with its first code.
                if (c != '\0' && code != GsmAlphabet.Escape && (locking || c != ' '))
                {
                    map.TryAdd(c, (byte)code);
                }
            }

            maps[language] = map.ToFrozenDictionary();
        }

        return maps;
    }
}
