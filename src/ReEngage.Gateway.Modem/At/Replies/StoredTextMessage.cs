namespace ReEngage.Gateway.Modem.At.Replies;

/// <summary>
/// A stored SMS as AT+CMGR shows it in text mode (27.005 §3.4.3, AT+CMGF=1). Received messages
/// (SMS-DELIVER: <c>&lt;stat&gt;,&lt;oa&gt;,[&lt;alpha&gt;],&lt;scts&gt;[,&lt;tooa&gt;,&lt;fo&gt;,&lt;pid&gt;,&lt;dcs&gt;,&lt;sca&gt;,&lt;tosca&gt;,&lt;length&gt;]</c>)
/// carry the originator and timestamp; stored outgoing ones (SMS-SUBMIT:
/// <c>&lt;stat&gt;,&lt;da&gt;,[&lt;alpha&gt;][,&lt;toda&gt;,&lt;fo&gt;,&lt;pid&gt;,&lt;dcs&gt;,[&lt;vp&gt;],&lt;sca&gt;,&lt;tosca&gt;,&lt;length&gt;]</c>)
/// the destination and validity. The bracketed tail is there when AT+CSDH=1.
/// </summary>
/// <param name="Stat">"REC UNREAD", "REC READ", "STO UNSENT", "STO SENT" as sent.</param>
/// <param name="IsSubmit">True for a stored outgoing message (the address is &lt;da&gt;).</param>
/// <param name="Address">&lt;oa&gt; or &lt;da&gt;.</param>
/// <param name="Alpha">&lt;alpha&gt;: null when the field is absent (Motorola), "" when empty.</param>
/// <param name="Timestamp">&lt;scts&gt; as sent (layouts vary: Motorola sends "2009/8/18,19:11:45").</param>
/// <param name="AddressType">&lt;tooa&gt; or &lt;toda&gt;.</param>
/// <param name="FirstOctet">&lt;fo&gt;, as stated (not checked against the message type).</param>
/// <param name="ProtocolId">&lt;pid&gt;.</param>
/// <param name="DataCoding">&lt;dcs&gt;.</param>
/// <param name="ValidityPeriod">&lt;vp&gt; as sent: an integer (relative) or a time string (absolute).</param>
/// <param name="ServiceCentre">&lt;sca&gt;.</param>
/// <param name="ServiceCentreType">&lt;tosca&gt;.</param>
/// <param name="Length">&lt;length&gt; as stated (often not the text's length in edited dumps).</param>
/// <param name="Text">The message text: every line up to the final result, joined with LF.</param>
public sealed record StoredTextMessage(
    string Stat,
    bool IsSubmit,
    string? Address,
    string? Alpha,
    string? Timestamp,
    int? AddressType,
    int? FirstOctet,
    int? ProtocolId,
    int? DataCoding,
    string? ValidityPeriod,
    string? ServiceCentre,
    int? ServiceCentreType,
    int? Length,
    string Text)
{
    /// <summary>The relative validity period (23.040 §9.2.3.12.1 coding) when &lt;vp&gt; is an integer.</summary>
    public int? RelativeValidityPeriod => ValidityPeriod is null ? null : new AtField(ValidityPeriod, false).Number;
}
