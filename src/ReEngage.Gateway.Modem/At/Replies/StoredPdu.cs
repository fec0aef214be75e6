namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// A stored message as +CMGL or +CMGR list it in PDU mode (27.005 §3.4.2, §3.4.3): the header fields as
/// stated, and the PDU as sent (hex, not decoded here: that is <c>ReEngage.Gateway.Sms.PduDecoder</c>'s job).
/// </summary>
/// <param name="Index">&lt;index&gt;: always for +CMGL; for +CMGR only when the phone sends one (a +CMGL-style header).</param>
/// <param name="Stat">&lt;stat&gt;: 0 received unread, 1 received read, 2 stored unsent, 3 stored sent, 4 all; null when empty or absent.</param>
/// <param name="Alpha">&lt;alpha&gt;: null when the field is absent, "" when empty.</param>
/// <param name="Length">&lt;length&gt; as stated: TPDU octets, SMSC field excluded. Often wrong in the wild; see <see cref="TpduOctets"/>.</param>
/// <param name="Pdu">The PDU hex as sent (a stray trailing quote removed).</param>
public sealed record StoredPdu(int? Index, int? Stat, string? Alpha, int? Length, string Pdu)
{
    /// <summary>
    /// TPDU octets counted from the PDU itself (its octets minus the SMSC field, whose length is the first
    /// octet, 23.040 §9.1.2.5 via 24.011 RP-SC address), or null when the PDU is not hex or too short for
    /// its SMSC field. Gammu ignores the stated length, and so should a decoder when the two differ.
    /// </summary>
    public int? TpduOctets
    {
        get
        {
            if (!TeText.TryHexToBytes(Pdu, out var octets) || octets.Length == 0)
            {
                return null;
            }

            var tpdu = octets.Length - 1 - octets[0];
            return tpdu > 0 ? tpdu : null;
        }
    }

    /// <summary>True when the stated length agrees with the PDU.</summary>
    public bool LengthMatches => Length is { } length && length == TpduOctets;
}
