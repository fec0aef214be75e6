using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace ReEngage.Gateway.Core.Phones;

/// <summary>Validates and normalises numbers to E.164 with libphonenumber.</summary>
public sealed class PhoneNumberNormalizer(IOptions<GatewayOptions> options)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 form of a number, or an error sentence for the person who typed it.</summary>
    public bool TryNormalize(string? input, out string e164, out string error)
    {
        e164 = string.Empty;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "The number is missing.";
            return false;
        }

        var region = options.Value.DefaultRegion?.ToUpperInvariant();
        var trimmed = input.Trim();
        if (!trimmed.StartsWith('+') && !trimmed.StartsWith("00", StringComparison.Ordinal) && region is null)
        {
            error = $"'{input}' is a national number; write it as +<country code><number>, or set Gateway:DefaultRegion.";
            return false;
        }

        PhoneNumber parsed;
        try
        {
            parsed = Util.Parse(trimmed.StartsWith("00", StringComparison.Ordinal) ? "+" + trimmed[2..] : trimmed, region ?? "ZZ");
        }
        catch (NumberParseException ex)
        {
            error = $"'{input}' is not a phone number ({ex.ErrorType switch
            {
                ErrorType.INVALID_COUNTRY_CODE => "unknown country code",
                ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD => "too short",
                ErrorType.TOO_LONG => "too long",
                _ => "not a number",
            }}).";
            return false;
        }

        if (!Util.IsValidNumber(parsed))
        {
            error = $"'{input}' is not a valid number for {Util.GetRegionCodeForNumber(parsed) ?? region ?? "its country"}.";
            return false;
        }

        e164 = Util.Format(parsed, PhoneNumberFormat.E164);
        return true;
    }
}
