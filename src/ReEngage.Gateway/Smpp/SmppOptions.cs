using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Smpp;

/// <summary>Gateway:Smpp: the SMPP v3.4 server that lets SMS platforms (Kannel, Jasmin, a CRM) send through the gateway.</summary>
public sealed class SmppOptions
{
    public const string Section = "Gateway:Smpp";

    /// <summary>Off by default: an open SMPP port is a way in.</summary>
    public bool Enabled { get; set; }

    /// <summary>TCP port on every address (0: any free port, for tests).</summary>
    public int Port { get; set; } = 2775;

    /// <summary>
    /// A second port speaking SMPP inside TLS (node-smpp's ssmpp://, stunnel in front of Kannel), with the certificate the
    /// gateway serves HTTPS with; null (the default): none. Needs Gateway:Https:Enabled. 0: any free port, for tests.
    /// </summary>
    public int? TlsPort { get; set; }

    /// <summary>The system_id this server answers binds with.</summary>
    public string SystemId { get; set; } = "ReEngage";

    public List<SmppAccountOptions> Accounts { get; set; } = [];

    /// <summary>After this long without a PDU from the client, the server sends enquire_link.</summary>
    public TimeSpan EnquireLinkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection that sent nothing (not even an answer to enquire_link) for this long is closed; an unbound one too.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a deliver_sm (a receipt, an inbound SMS) waits for its response before it is sent again later.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the parts of a client's concatenated message wait for the missing ones (unanswered until then).</summary>
    public TimeSpan ConcatenationTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Gateway:Smpp:Accounts:&lt;n&gt;: one client system allowed to bind.</summary>
public sealed class SmppAccountOptions
{
    /// <summary>system_id (at most 15 characters, no ':').</summary>
    public string SystemId { get; set; } = "";

    /// <summary>At most 8 characters (SMPP 3.4's password field).</summary>
    public string Password { get; set; } = "";

    /// <summary>source_addr values this account may submit with; empty allows any.</summary>
    public List<string> AllowedAddresses { get; set; } = [];

    /// <summary>
    /// Which inbound SMS the account receives as deliver_sm: <c>&lt;modem&gt;[=&lt;number&gt;]</c> (all of a SIM's) or
    /// <c>#&lt;KEYWORD&gt;[=&lt;short code&gt;]</c> (first word); see <see cref="Core.Messaging.SmppInboundRoute"/>. Empty: none.
    /// </summary>
    public List<string> InboundRoutes { get; set; } = [];

    /// <summary>Binds of this account open at once (a transceiver counts once).</summary>
    public int MaxBinds { get; set; } = 2;

    /// <summary>Requests in flight per bind each way: submits being stored, receipts awaiting their response.</summary>
    public int WindowSize { get; set; } = 10;

    /// <summary>submit_sm per second for the account (all its binds); more are answered ESME_RTHROTTLED. 0: no limit.</summary>
    public int Throughput { get; set; } = 50;
}

/// <summary>Checks Gateway:Smpp at start; a mistake stops start-up with the key named.</summary>
internal sealed class SmppOptionsValidator : IValidateOptions<SmppOptions>
{
    public ValidateOptionsResult Validate(string? name, SmppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{SmppOptions.Section}:Port must be between 0 and 65535.");
        }

        if (options.TlsPort is < 0 or > 65535 || (options.TlsPort is { } tls and > 0 && tls == options.Port))
        {
            failures.Add($"{SmppOptions.Section}:TlsPort must be between 0 and 65535 and differ from Port.");
        }

        if (options.SystemId.Length is 0 or > 15)
        {
            failures.Add($"{SmppOptions.Section}:SystemId must have 1 to 15 characters.");
        }

        if (options.EnquireLinkInterval <= TimeSpan.Zero || options.IdleTimeout <= options.EnquireLinkInterval || options.ResponseTimeout <= TimeSpan.Zero || options.ConcatenationTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{SmppOptions.Section}: EnquireLinkInterval, ResponseTimeout and ConcatenationTimeout must be positive, and IdleTimeout longer than EnquireLinkInterval.");
        }

        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var key = $"{SmppOptions.Section}:Accounts:{i}";
            if (account.SystemId.Length is 0 or > 15 || account.SystemId.Contains(':', StringComparison.Ordinal))
            {
                failures.Add($"{key}:SystemId must have 1 to 15 characters and no ':'.");
            }

            if (account.Password.Length is 0 or > 8)
            {
                failures.Add($"{key}:Password must have 1 to 8 characters (SMPP 3.4).");
            }

            if (account.MaxBinds < 1 || account.WindowSize < 1 || account.Throughput < 0)
            {
                failures.Add($"{key}: MaxBinds and WindowSize must be at least 1, Throughput 0 or more.");
            }

            if (account.AllowedAddresses.Exists(a => a.Length is 0 or > 20))
            {
                failures.Add($"{key}:AllowedAddresses: each address has 1 to 20 characters.");
            }

            foreach (var route in account.InboundRoutes)
            {
                if (!Core.Messaging.SmppInboundRoute.TryParse(route, out _, out var error))
                {
                    failures.Add($"{key}:InboundRoutes: {error}");
                }
            }

            if (options.Accounts.FindIndex(a => string.Equals(a.SystemId, account.SystemId, StringComparison.Ordinal)) != i)
            {
                failures.Add($"{key}:SystemId '{account.SystemId}' appears twice.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
