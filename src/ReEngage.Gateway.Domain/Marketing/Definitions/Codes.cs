using System.Security.Cryptography;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Short link codes: 7 random base-62 characters (3.5 × 10¹² codes), unguessable enough that nobody walks other people's links.</summary>
public static class LinkCodes
{
    public const int Length = 7;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool LooksValid(string code) => code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}

/// <summary>Coupon codes from a pattern: # a digit, ? a letter, * a letter or digit; anything else is literal.</summary>
public static class CouponCodes
{
    // No I, O, 0 or 1: codes are read aloud at tills and typed from SMS.
    private const string Letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Both = Letters + Digits;

    public static string? ValidatePattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "The coupon pattern is empty.";
        }

        if (pattern.Length > 40)
        {
            return "The coupon pattern is longer than 40 characters.";
        }

        var random = pattern.Count(c => c is '#' or '?' or '*');
        return random < 4 ? "The coupon pattern needs at least 4 random characters (#, ? or *) so codes cannot be guessed or run out." : null;
    }

    public static string Generate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return string.Create(pattern.Length, pattern, static (span, p) =>
        {
            for (var i = 0; i < p.Length; i++)
            {
                span[i] = p[i] switch
                {
                    '#' => Digits[RandomNumberGenerator.GetInt32(Digits.Length)],
                    '?' => Letters[RandomNumberGenerator.GetInt32(Letters.Length)],
                    '*' => Both[RandomNumberGenerator.GetInt32(Both.Length)],
                    var c => c,
                };
            }
        });
    }

    /// <summary>Characters the coupon takes in an SMS (imported codes are assumed up to 12).</summary>
    public static int SampleLength(CouponDefinition? coupon) => coupon?.Pattern?.Length ?? 12;
}
