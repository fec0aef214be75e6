namespace ReEngage.Gateway.Sms;

/// <summary>
/// National language identifiers of 3GPP TS 23.038 §6.2.1.2.4, as carried by the user data header's
/// single shift (IE 0x24) and locking shift (IE 0x25) elements (23.040 §9.2.3.24.15–16).
/// </summary>
public enum NationalLanguage
{
    /// <summary>The GSM 7-bit default alphabet and its default extension table.</summary>
    None = 0,
    Turkish = 1,

    /// <summary>A single shift table only; no locking shift table (23.038 A.3.2 is void).</summary>
    Spanish = 2,
    Portuguese = 3,
    Bengali = 4,
    Gujarati = 5,
    Hindi = 6,
    Kannada = 7,
    Malayalam = 8,
    Oriya = 9,
    Punjabi = 10,
    Tamil = 11,
    Telugu = 12,
    Urdu = 13,
}
