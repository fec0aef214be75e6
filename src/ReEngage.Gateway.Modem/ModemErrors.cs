using System.Collections.Frozen;
using System.Globalization;

namespace ReEngage.Gateway.Modem;

/// <summary>Which family an error code belongs to.</summary>
public enum ModemErrorKind
{
    /// <summary>Plain "ERROR" or a vendor word such as "COMMAND NOT SUPPORT".</summary>
    Generic,

    /// <summary>+CMS ERROR (3GPP TS 27.005 §3.2.5 and 24.011 RP causes).</summary>
    Cms,

    /// <summary>+CME ERROR (3GPP TS 27.007 §9.2).</summary>
    Cme,
}

/// <summary>A classified modem error.</summary>
/// <param name="Kind">CMS, CME or generic.</param>
/// <param name="Code">Numeric code, or null for textual errors.</param>
/// <param name="Meaning">What the code means, in words.</param>
/// <param name="Class">What to do about it.</param>
public sealed record ModemError(ModemErrorKind Kind, int? Code, string Meaning, ModemErrorClass Class)
{
    /// <summary>"CMS 38", "CME 10" or "ERROR", for storage and display.</summary>
    public string Label => Code is { } code ? $"{Kind.ToString().ToUpperInvariant()} {code}" : Kind == ModemErrorKind.Generic ? "ERROR" : Kind.ToString().ToUpperInvariant();
}

/// <summary>Classifies every +CMS / +CME code (MODEMS.md, 27.005, 27.007, 24.011, vendor manuals).</summary>
public static class ModemErrors
{
    private static readonly FrozenDictionary<int, (string Meaning, ModemErrorClass Class)> Cms = new Dictionary<int, (string, ModemErrorClass)>
    {
        [1] = ("Unassigned (unallocated) number", ModemErrorClass.PermanentForRecipient),
        [8] = ("Operator determined barring", ModemErrorClass.PermanentForRecipient),
        [10] = ("Call barred", ModemErrorClass.PermanentForRecipient),
        [17] = ("Network failure", ModemErrorClass.RetryOtherModem),
        [21] = ("Short message transfer rejected", ModemErrorClass.PermanentForRecipient),
        [22] = ("Memory capacity exceeded", ModemErrorClass.RetryOtherModem),
        [27] = ("Destination out of service", ModemErrorClass.RetryOtherModem),
        [28] = ("Unidentified subscriber", ModemErrorClass.PermanentForRecipient),
        [29] = ("Facility rejected", ModemErrorClass.PermanentForRecipient),
        [30] = ("Unknown subscriber", ModemErrorClass.PermanentForRecipient),
        [38] = ("Network out of order", ModemErrorClass.RetryOtherModem),
        [41] = ("Temporary failure", ModemErrorClass.RetryOtherModem),
        [42] = ("Congestion", ModemErrorClass.RetryOtherModem),
        [47] = ("Resources unavailable, unspecified", ModemErrorClass.RetryOtherModem),
        [50] = ("Requested facility not subscribed", ModemErrorClass.PermanentForRecipient),
        [69] = ("Requested facility not implemented", ModemErrorClass.PermanentForRecipient),
        [81] = ("Invalid short message transfer reference value", ModemErrorClass.Unknown),
        [95] = ("Invalid message, unspecified", ModemErrorClass.EncoderBug),
        [96] = ("Invalid mandatory information", ModemErrorClass.PermanentForRecipient),
        [97] = ("Message type non-existent or not implemented", ModemErrorClass.EncoderBug),
        [98] = ("Message not compatible with short message protocol state", ModemErrorClass.Unknown),
        [99] = ("Information element non-existent or not implemented", ModemErrorClass.EncoderBug),
        [111] = ("Protocol error, unspecified", ModemErrorClass.RetryOtherModem),
        [127] = ("Interworking, unspecified", ModemErrorClass.RetryOtherModem),
        [128] = ("Telematic interworking not supported", ModemErrorClass.PermanentForRecipient),
        [129] = ("Short message type 0 not supported", ModemErrorClass.PermanentForRecipient),
        [130] = ("Cannot replace short message", ModemErrorClass.PermanentForRecipient),
        [143] = ("Unspecified TP-PID error", ModemErrorClass.EncoderBug),
        [144] = ("Data coding scheme (alphabet) not supported", ModemErrorClass.EncoderBug),
        [145] = ("Message class not supported", ModemErrorClass.EncoderBug),
        [159] = ("Unspecified TP-DCS error", ModemErrorClass.EncoderBug),
        [160] = ("Command cannot be actioned", ModemErrorClass.Unknown),
        [192] = ("SC busy", ModemErrorClass.RetryOtherModem),
        [193] = ("No SC subscription", ModemErrorClass.PermanentForRecipient),
        [194] = ("SC system failure", ModemErrorClass.RetryOtherModem),
        [195] = ("Invalid SME address", ModemErrorClass.PermanentForRecipient),
        [196] = ("Destination SME barred", ModemErrorClass.PermanentForRecipient),
        [197] = ("SM rejected: duplicate SM", ModemErrorClass.Duplicate),
        [198] = ("TP-VPF not supported", ModemErrorClass.EncoderBug),
        [199] = ("TP-VP not supported", ModemErrorClass.EncoderBug),
        [208] = ("(U)SIM SMS storage full", ModemErrorClass.Storage),
        [209] = ("No SMS storage capability in (U)SIM", ModemErrorClass.Storage),
        [210] = ("Error in MS", ModemErrorClass.Unknown),
        [211] = ("Memory capacity exceeded", ModemErrorClass.Storage),
        [212] = ("(U)SIM Application Toolkit busy", ModemErrorClass.RetrySameModem),
        [213] = ("(U)SIM data download error", ModemErrorClass.Unknown),
        [255] = ("Unspecified error cause", ModemErrorClass.Unknown),
        [300] = ("ME failure", ModemErrorClass.Unknown),
        [301] = ("SMS service of ME reserved", ModemErrorClass.RetrySameModem),
        [302] = ("Operation not allowed", ModemErrorClass.ModemUnusable),
        [303] = ("Operation not supported", ModemErrorClass.ModemUnusable),
        [304] = ("Invalid PDU mode parameter", ModemErrorClass.EncoderBug),
        [305] = ("Invalid text mode parameter", ModemErrorClass.EncoderBug),
        [310] = ("(U)SIM not inserted", ModemErrorClass.ModemUnusable),
        [311] = ("(U)SIM PIN required", ModemErrorClass.ModemUnusable),
        [312] = ("PH-(U)SIM PIN required", ModemErrorClass.ModemUnusable),
        [313] = ("(U)SIM failure", ModemErrorClass.ModemUnusable),
        [314] = ("(U)SIM busy", ModemErrorClass.RetrySameModem),
        [315] = ("(U)SIM wrong", ModemErrorClass.ModemUnusable),
        [316] = ("(U)SIM PUK required", ModemErrorClass.ModemUnusable),
        [317] = ("(U)SIM PIN2 required", ModemErrorClass.ModemUnusable),
        [318] = ("(U)SIM PUK2 required", ModemErrorClass.ModemUnusable),
        [320] = ("Memory failure", ModemErrorClass.Storage),
        [321] = ("Invalid memory index", ModemErrorClass.Storage),
        [322] = ("Memory full", ModemErrorClass.Storage),
        [330] = ("SMSC address unknown", ModemErrorClass.ModemUnusable),
        [331] = ("No network service", ModemErrorClass.RetryOtherModem),
        [332] = ("Network timeout", ModemErrorClass.RetryOtherModem),
        [340] = ("No +CNMA acknowledgement expected", ModemErrorClass.Unknown),
        [500] = ("Unknown error", ModemErrorClass.Unknown),
        [512] = ("SIMCom: SMS sending failed (network)", ModemErrorClass.RetryOtherModem),
        [513] = ("SIMCom: SMS receiving/sending failed, lower layer", ModemErrorClass.RetryOtherModem),
        [514] = ("SIMCom: SMS sending failed, network busy", ModemErrorClass.RetryOtherModem),
        [515] = ("Busy: please wait, init or command processing in progress", ModemErrorClass.RetrySameModem),
        [517] = ("SIM not ready", ModemErrorClass.RetrySameModem),
        [528] = ("Invalid (non-hex) characters in PDU", ModemErrorClass.EncoderBug),
        [529] = ("Incorrect PDU length", ModemErrorClass.EncoderBug),
        [531] = ("Invalid length", ModemErrorClass.EncoderBug),
        [532] = ("Invalid character in text", ModemErrorClass.EncoderBug),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<int, (string Meaning, ModemErrorClass Class)> Cme = new Dictionary<int, (string, ModemErrorClass)>
    {
        [0] = ("Phone failure", ModemErrorClass.Unknown),
        [1] = ("No connection to phone", ModemErrorClass.ModemUnusable),
        [3] = ("Operation not allowed", ModemErrorClass.ModemUnusable),
        [4] = ("Operation not supported", ModemErrorClass.ModemUnusable),
        [5] = ("PH-SIM PIN required", ModemErrorClass.ModemUnusable),
        [10] = ("SIM not inserted", ModemErrorClass.ModemUnusable),
        [11] = ("SIM PIN required", ModemErrorClass.ModemUnusable),
        [12] = ("SIM PUK required", ModemErrorClass.ModemUnusable),
        [13] = ("SIM failure", ModemErrorClass.ModemUnusable),
        [14] = ("SIM busy", ModemErrorClass.RetrySameModem),
        [15] = ("SIM wrong", ModemErrorClass.ModemUnusable),
        [16] = ("Incorrect password", ModemErrorClass.ModemUnusable),
        [17] = ("SIM PIN2 required", ModemErrorClass.ModemUnusable),
        [18] = ("SIM PUK2 required", ModemErrorClass.ModemUnusable),
        [20] = ("Memory full", ModemErrorClass.Storage),
        [21] = ("Invalid index", ModemErrorClass.Storage),
        [22] = ("Not found", ModemErrorClass.Storage),
        [23] = ("Memory failure", ModemErrorClass.Storage),
        [30] = ("No network service", ModemErrorClass.RetryOtherModem),
        [31] = ("Network timeout", ModemErrorClass.RetryOtherModem),
        [32] = ("Network not allowed - emergency calls only", ModemErrorClass.RetryOtherModem),
        [100] = ("Unknown", ModemErrorClass.Unknown),
        [515] = ("Please wait, init or command processing in progress", ModemErrorClass.RetrySameModem),
    }.ToFrozenDictionary();

    /// <summary>Classifies a final result line ("ERROR", "+CMS ERROR: 38", "+CME ERROR: SIM busy", …).</summary>
    public static ModemError Classify(string finalResult)
    {
        ArgumentNullException.ThrowIfNull(finalResult);
        var kind = finalResult.StartsWith("+CMS ERROR", StringComparison.OrdinalIgnoreCase) ? ModemErrorKind.Cms
            : finalResult.StartsWith("+CME ERROR", StringComparison.OrdinalIgnoreCase) ? ModemErrorKind.Cme
            : ModemErrorKind.Generic;
        if (kind == ModemErrorKind.Generic)
        {
            return new ModemError(kind, null, finalResult.Equals("ERROR", StringComparison.OrdinalIgnoreCase) ? "The modem answered ERROR" : finalResult, ModemErrorClass.Unknown);
        }

        var colon = finalResult.IndexOf(':', StringComparison.Ordinal);
        var detail = colon < 0 ? string.Empty : finalResult[(colon + 1)..].Trim().Trim('"');
        if (!int.TryParse(detail, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            // Verbose mode (AT+CMEE=2) or SIMCom's "+CMS ERROR: Unknown error": keep the words.
            return new ModemError(kind, null, detail.Length > 0 ? detail : "Unspecified error", ClassifyText(detail));
        }

        return Describe(kind, code);
    }

    /// <summary>Meaning and class of a numeric CMS or CME code.</summary>
    public static ModemError Describe(ModemErrorKind kind, int code)
    {
        var table = kind == ModemErrorKind.Cms ? Cms : Cme;
        if (table.TryGetValue(code, out var entry))
        {
            return new ModemError(kind, code, entry.Meaning, entry.Class);
        }

        var fallback = kind == ModemErrorKind.Cms && code is >= 1 and <= 127
            ? ("Network (RP) cause " + code.ToString(CultureInfo.InvariantCulture), ModemErrorClass.RetryOtherModem)
            : ("Unknown error " + code.ToString(CultureInfo.InvariantCulture), ModemErrorClass.Unknown);
        return new ModemError(kind, code, fallback.Item1, fallback.Item2);
    }

    private static ModemErrorClass ClassifyText(string text)
    {
        var lower = text.ToUpperInvariant();
        return lower switch
        {
            _ when lower.Contains("BUSY", StringComparison.Ordinal) || lower.Contains("WAIT", StringComparison.Ordinal) => ModemErrorClass.RetrySameModem,
            _ when lower.Contains("PUK", StringComparison.Ordinal) || lower.Contains("PIN", StringComparison.Ordinal) || lower.Contains("NOT INSERTED", StringComparison.Ordinal) || lower.Contains("PASSWORD", StringComparison.Ordinal) => ModemErrorClass.ModemUnusable,
            _ when lower.Contains("NETWORK", StringComparison.Ordinal) => ModemErrorClass.RetryOtherModem,
            _ when lower.Contains("MEMORY", StringComparison.Ordinal) || lower.Contains("STORAGE", StringComparison.Ordinal) => ModemErrorClass.Storage,
            _ => ModemErrorClass.Unknown,
        };
    }
}
