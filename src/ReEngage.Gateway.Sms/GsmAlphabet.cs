namespace ReEngage.Gateway.Sms;

/// <summary>
/// The GSM 03.38 (3GPP TS 23.038 §6.2.1) default alphabet and its default extension table.
/// </summary>
public static class GsmAlphabet
{
    /// <summary>The escape septet that announces a character from the extension table.</summary>
    public const byte Escape = 0x1B;

    // Index = septet value. 0x1B (ESC) is never decoded through this table.
    private const string BasicTable =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    // (septet after ESC, character). 0x0D (CR2) and 0x1B (double escape) are reserved and not listed.
    private static readonly (byte Code, char Char)[] ExtensionTable =
    [
        (0x0A, '\f'), (0x14, '^'), (0x28, '{'), (0x29, '}'), (0x2F, '\\'),
        (0x3C, '['), (0x3D, '~'), (0x3E, ']'), (0x40, '|'), (0x65, '€'),
    ];

    // Every GSM character is below U+2100 ('€' is U+20AC), so a flat table indexed by the UTF-16
    // code unit answers "is it GSM, and at what cost" with one load. Entry: 0 = not in the
    // alphabet; 1..128 = basic septet + 1; 0x100 | code = extension septet.
    private const int LookupSize = 0x2100;
    private static readonly ushort[] Lookup = BuildLookup();
    private static readonly char[] ExtensionDecode = BuildExtensionDecode();

    private static ushort[] BuildLookup()
    {
        var table = new ushort[LookupSize];
        for (var i = 0; i < BasicTable.Length; i++)
        {
            if (i != Escape)
            {
                table[BasicTable[i]] = (ushort)(i + 1);
            }
        }

        foreach (var (code, ch) in ExtensionTable)
        {
            table[ch] = (ushort)(0x100 | code);
        }

        return table;
    }

    private static char[] BuildExtensionDecode()
    {
        var table = new char[128];
        for (var i = 0; i < table.Length; i++)
        {
            // 23.038: a code with no extension character is shown as the basic-table character.
            table[i] = i == Escape ? ' ' : BasicTable[i];
        }

        foreach (var (code, ch) in ExtensionTable)
        {
            table[code] = ch;
        }

        return table;
    }

    /// <summary>Septets the character costs: 1 (basic table), 2 (extension table) or 0 (not in the alphabet).</summary>
    public static int SeptetCost(char c)
    {
        if (c >= LookupSize)
        {
            return 0;
        }

        var entry = Lookup[c];
        return entry == 0 ? 0 : entry >= 0x100 ? 2 : 1;
    }

    /// <summary>True when the character can be sent in GSM 7-bit (basic or extension table).</summary>
    public static bool IsGsmCharacter(char c) => SeptetCost(c) != 0;

    /// <summary>True when every character of the text is in the GSM 7-bit alphabet.</summary>
    public static bool IsGsmText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (SeptetCost(c) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Number of septets the text needs, or -1 when a character is outside the alphabet.</summary>
    public static int CountSeptets(ReadOnlySpan<char> text)
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

    /// <summary>
    /// Writes the septets of <paramref name="text"/> (escape pairs for extension characters).
    /// Returns the number written.
    /// </summary>
    /// <exception cref="ArgumentException">A character is outside the alphabet.</exception>
    public static int ToSeptets(ReadOnlySpan<char> text, Span<byte> septets)
    {
        var n = 0;
        foreach (var c in text)
        {
            var entry = c < LookupSize ? Lookup[c] : (ushort)0;
            if (entry == 0)
            {
                throw new ArgumentException($"Character U+{(int)c:X4} is not in the GSM 7-bit alphabet.", nameof(text));
            }

            if (entry >= 0x100)
            {
                septets[n++] = Escape;
                septets[n++] = (byte)(entry & 0x7F);
            }
            else
            {
                septets[n++] = (byte)(entry - 1);
            }
        }

        return n;
    }

    /// <summary>
    /// Decodes septets to text. An escape followed by a code with no extension character yields the
    /// basic-table character (23.038 §6.2.1.1); a trailing lone escape is dropped.
    /// </summary>
    public static string FromSeptets(ReadOnlySpan<byte> septets)
    {
        Span<char> buffer = septets.Length <= 512 ? stackalloc char[septets.Length] : new char[septets.Length];
        var n = 0;
        for (var i = 0; i < septets.Length; i++)
        {
            var s = septets[i] & 0x7F;
            if (s == Escape)
            {
                if (i + 1 < septets.Length)
                {
                    buffer[n++] = ExtensionDecode[septets[++i] & 0x7F];
                }
            }
            else
            {
                buffer[n++] = BasicTable[s];
            }
        }

        return new string(buffer[..n]);
    }

    /// <summary>
    /// Decodes septets with a national language locking shift table (the basic table's place) and single
    /// shift table (reached by ESC), as announced by IEs 0x25 and 0x24. A language without such a table
    /// (Spanish has no locking shift table) or an unknown identifier uses the default one; an escape to a
    /// code the single shift table leaves undefined shows the locking shift table's character (23.038
    /// §6.2.1.1 note), and an undefined locking shift code shows a space.
    /// </summary>
    public static string FromSeptets(ReadOnlySpan<byte> septets, NationalLanguage lockingShift, NationalLanguage singleShift)
    {
        var locking = TableOf(NationalLanguageTables.Locking, lockingShift);
        var single = TableOf(NationalLanguageTables.SingleShift, singleShift);
        if (locking is null && single is null)
        {
            return FromSeptets(septets);
        }

        Span<char> buffer = septets.Length <= 512 ? stackalloc char[septets.Length] : new char[septets.Length];
        var n = 0;
        for (var i = 0; i < septets.Length; i++)
        {
            var s = septets[i] & 0x7F;
            if (s == Escape)
            {
                if (i + 1 < septets.Length)
                {
                    var code = septets[++i] & 0x7F;
                    var shifted = single is null ? ExtensionDecode[code] : single[code];
                    buffer[n++] = shifted is '\0' or (char)Escape ? Basic(locking, code) : shifted;
                }
            }
            else
            {
                buffer[n++] = Basic(locking, s);
            }
        }

        return new string(buffer[..n]);
    }

    private static char Basic(string? locking, int code)
    {
        if (locking is null)
        {
            return code == Escape ? ' ' : BasicTable[code];
        }

        var c = locking[code];
        return c is '\0' or (char)Escape ? ' ' : c;
    }

    private static string? TableOf(string?[] tables, NationalLanguage language) =>
        (int)language > 0 && (int)language < tables.Length ? tables[(int)language] : null;

    internal static ushort LookupEntry(char c) => c < LookupSize ? Lookup[c] : (ushort)0;
}
