namespace ReEngage.Gateway.Smtp;

/// <summary>Gateway:Smtp: email to SMS, for the alarm panels, NAS boxes and printers that can only send email.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Gateway:Smtp";

    /// <summary>Off by default: an open mail port is a way in.</summary>
    public bool Enabled { get; set; }

    /// <summary>TCP port on every IPv4 address (0: any free port, for tests). Not 25: the gateway is not a mail exchanger.</summary>
    public int Port { get; set; } = 2525;

    /// <summary>The domain of the recipients: mail to &lt;number&gt;@Domain becomes an SMS to that number.</summary>
    public string Domain { get; set; } = "sms.local";

    /// <summary>What becomes of the subject: put in front of the text, or left out.</summary>
    public SmtpSubject Subject { get; set; } = SmtpSubject.Prepend;

    /// <summary>A text over Gateway:MaxParts: refused with a bounce that says so, or cut to fit.</summary>
    public SmtpTooLong TooLong { get; set; } = SmtpTooLong.Bounce;

    /// <summary>MAIL FROM addresses allowed to send ("alarm@example.com", or "@example.com" for a whole domain); empty allows any.</summary>
    public List<string> AllowedSenders { get; set; } = [];

    /// <summary>
    /// AUTH only after STARTTLS, so a key never crosses the network in clear. Off by default: many alarm panels and
    /// printers cannot do TLS, or refuse the gateway's self-signed certificate.
    /// </summary>
    public bool RequireTls { get; set; }

    /// <summary>The largest mail accepted, in bytes (announced with SIZE; an SMS needs little).</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;
}

/// <summary>Gateway:Smtp:Subject.</summary>
public enum SmtpSubject
{
    /// <summary>"Subject" then a line break then the text (the subject alone when the body is empty).</summary>
    Prepend,

    /// <summary>Only the body is sent.</summary>
    Ignore,
}

/// <summary>Gateway:Smtp:TooLong.</summary>
public enum SmtpTooLong
{
    /// <summary>The mail is refused (554 5.3.4) naming the parts it needs and the limit.</summary>
    Bounce,

    /// <summary>The text is cut to what Gateway:MaxParts holds.</summary>
    Cut,
}
