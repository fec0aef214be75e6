using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Core;

/// <summary>The "Gateway" configuration section (appsettings, Gateway__… environment, --Gateway:… switches).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Where the SQLite database and the logs live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Region (ISO 3166 code, e.g. "IT") that national numbers belong to; null accepts only +international numbers.</summary>
    public string? DefaultRegion { get; set; }

    /// <summary>Most parts a message may take unless a request says less.</summary>
    public int MaxParts { get; set; } = 3;

    /// <summary>Real modems. None configured: simulated ones are started.</summary>
    public List<ModemOptions> Modems { get; set; } = [];

    public SimulationOptions Simulation { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public QuietHoursOptions QuietHours { get; set; } = new();

    public KeywordOptions Keywords { get; set; } = new();

    public MarketingOptions Marketing { get; set; } = new();

    public NodeOptions Node { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();

    public InboundOptions Inbound { get; set; } = new();

    public Webhooks.WebhookOptions Webhooks { get; set; } = new();

    public HttpsOptions Https { get; set; } = new();

    /// <summary>How long after sending a missing status report marks the message reportOverdue.</summary>
    public TimeSpan StatusReportTimeout { get; set; } = Messaging.ReportOverduePolicy.DefaultTimeout;

    /// <summary>Simulation is on when asked for, or when no real modem is configured.</summary>
    public bool SimulationActive => Simulation.Enabled ?? Modems.Count == 0;
}

public sealed class ModemOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Device path, ideally /dev/serial/by-id/… or /dev/reengage/….</summary>
    public string Device { get; set; } = string.Empty;

    public int BaudRate { get; set; } = 115200;

    public string? Pin { get; set; }

    /// <summary>Force a quirk profile (generic, sim800, sim7600, quectel, huawei).</summary>
    public string? Profile { get; set; }

    public int PerMinute { get; set; } = 10;

    public int? PerHour { get; set; }

    public int DailyLimit { get; set; } = 500;

    /// <summary>Distinct recipients per calendar month, a cap many SIM plans impose; null for none.</summary>
    public int? MonthlyRecipients { get; set; }
}

public sealed class SimulationOptions
{
    /// <summary>null: on when no modem is configured.</summary>
    public bool? Enabled { get; set; }

    public int Modems { get; set; } = 2;

    /// <summary>Simulated modems are named prefix + number ("sim-1"); gateways sharing a database need distinct names.</summary>
    public string NamePrefix { get; set; } = "sim-";

    public TimeSpan SendDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan StatusReportDelay { get; set; } = TimeSpan.FromSeconds(3);

    public double FailureRate { get; set; }

    public int PerMinute { get; set; } = 60;

    public int DailyLimit { get; set; } = 5000;

    /// <summary>Distinct recipients per month for each simulated SIM (to try a plan's cap); null for none.</summary>
    public int? MonthlyRecipients { get; set; }

    /// <summary>Append every part the simulated network receives to simulated-network.log in the data directory.</summary>
    public bool SubmissionLog { get; set; }

    /// <summary>
    /// Keep the status reports the simulated network still holds, and those its modems stored, in
    /// simulated-network.state in the data directory, so they outlive a restart as a real network's do.
    /// </summary>
    public bool NetworkState { get; set; }

    /// <summary>
    /// The families the simulated modems imitate, in turn ("Generic", "QuectelEc25", "HuaweiE173",
    /// "Sim800"); modem n takes entry (n-1) mod count. Empty: all generic.
    /// </summary>
    public IList<Modem.Simulation.SimulatedDialect> Dialects { get; set; } = [];

    /// <summary>Slots of each simulated modem's status-report memory ("SR"); real ones have 10–30.</summary>
    public int ReportStorageCapacity { get; set; } = 20;

    /// <summary>How long a simulated modem waits for AT+CNMA before it switches routing off (27.005 §3.4.4).</summary>
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class ApiOptions
{
    /// <summary>An API key created at start (for scripted installs); stored hashed.</summary>
    public string? BootstrapKey { get; set; }

    /// <summary>GET /api/v1/send?to=&amp;text=&amp;key= for devices that can only call a URL.</summary>
    public bool LegacySendEnabled { get; set; }

    /// <summary>Largest request body in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

    public ApiRateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>HTTPS on the LAN beside HTTP (Gateway:Https): a self-signed certificate kept in the data directory, or the user's own.</summary>
public sealed class HttpsOptions
{
    /// <summary>Serve HTTPS beside HTTP (false: HTTP only, as before).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HTTPS port, on the same addresses as HTTP.</summary>
    public int Port { get; set; } = 5443;

    /// <summary>The user's certificate: a PFX (with <see cref="CertificatePassword"/>) or a PEM certificate (with <see cref="KeyPath"/>, or its key in the same file). None: the gateway's own self-signed one.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password, or the password of an encrypted PEM key.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>HTTP answers only with a redirect to HTTPS, except /healthz and /metrics (monitoring stays on HTTP).</summary>
    public bool RedirectHttp { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (Port is < 1 or > 65535)
        {
            yield return $"Gateway:Https:Port must be between 1 and 65535 (it is {Port}).";
        }

        if (string.IsNullOrWhiteSpace(CertificatePath) && !string.IsNullOrWhiteSpace(KeyPath))
        {
            yield return "Gateway:Https:KeyPath is set without Gateway:Https:CertificatePath: set both (a PEM certificate and its key).";
        }
    }
}

public sealed class MarketingOptions
{
    /// <summary>How contacts reach the gateway's short links and landing pages (a short domain keeps SMS short).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>What one SMS part costs on the business's plan, for estimates and reports.</summary>
    public decimal CostPerPart { get; set; } = 0.05m;

    public string Currency { get; set; } = "EUR";

    /// <summary>The business's time zone for "last 3 months" and "birthday this month"; QuietHours:TimeZone, else the system's, when empty.</summary>
    public string? TimeZone { get; set; }

    /// <summary>How often automations, scheduled campaigns and the sleeping segment are processed.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The language of texts and landing pages for contacts without their own (an IETF tag: it, en-GB).</summary>
    public string Language { get; set; } = "en";

    /// <summary>Characters a short link takes in an SMS.</summary>
    public int LinkLength => PublicBaseUrl.TrimEnd('/').Length + "/s/".Length + Marketing.LinkCodes.Length;
}

public sealed class InboundOptions
{
    /// <summary>
    /// How long the parts of a long inbound SMS are awaited; then what arrived is stored, flagged
    /// incomplete, so a reply is never lost for one part the network did not deliver.
    /// </summary>
    public TimeSpan IncompleteAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How far back an inbound SMS is compared with those stored (sender, SMSC time stamp, concatenation,
    /// text) so that one the network delivers again after a late acknowledgement is stored once.
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(72);
}

public sealed class KeywordOptions
{
    public List<string> OptOut { get; set; } = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];

    public List<string> OptIn { get; set; } = ["START", "UNSTOP"];

    public List<string> Help { get; set; } = ["HELP", "INFO"];

    /// <summary>Reply to HELP; null sends none.</summary>
    public string? HelpReply { get; set; } = "Reply STOP to stop receiving messages.";
}

/// <summary>Start-up validation: a wrong setting stops the gateway with a message naming the key.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Gateway:DataDirectory must name a folder.");
        }

        if (options.StatusReportTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:StatusReportTimeout must be positive (it is {options.StatusReportTimeout}).");
        }

        if (options.Inbound.IncompleteAfter <= TimeSpan.Zero)
        {
            errors.Add($"Gateway:Inbound:IncompleteAfter must be positive (it is {options.Inbound.IncompleteAfter}).");
        }

        if (options.Inbound.DuplicateWindow < TimeSpan.Zero)
        {
            errors.Add($"Gateway:Inbound:DuplicateWindow cannot be negative (it is {options.Inbound.DuplicateWindow}).");
        }

        if (options.MaxParts is < 1 or > 10)
        {
            errors.Add($"Gateway:MaxParts must be between 1 and 10 (it is {options.MaxParts}).");
        }

        if (options.DefaultRegion is { } region && !PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant()))
        {
            errors.Add($"Gateway:DefaultRegion '{region}' is not an ISO 3166 region code such as IT, GB or US.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Modems.Count; i++)
        {
            var modem = options.Modems[i];
            if (string.IsNullOrWhiteSpace(modem.Name))
            {
                errors.Add($"Gateway:Modems:{i}:Name is required.");
            }
            else if (!names.Add(modem.Name))
            {
                errors.Add($"Gateway:Modems:{i}:Name '{modem.Name}' is used twice.");
            }

            if (string.IsNullOrWhiteSpace(modem.Device))
            {
                errors.Add($"Gateway:Modems:{i}:Device is required (e.g. /dev/serial/by-id/usb-…).");
            }

            if (modem.PerMinute < 1)
            {
                errors.Add($"Gateway:Modems:{i}:PerMinute must be at least 1.");
            }

            if (modem.DailyLimit < 1)
            {
                errors.Add($"Gateway:Modems:{i}:DailyLimit must be at least 1.");
            }

            if (modem.Profile is not null && Modem.ModemProfile.Find(modem.Profile) is null)
            {
                errors.Add($"Gateway:Modems:{i}:Profile '{modem.Profile}' is unknown (generic, sim800, sim7600, quectel, huawei).");
            }

            if (modem.Pin is { } pin && (pin.Length is < 4 or > 8 || !pin.All(char.IsAsciiDigit)))
            {
                errors.Add($"Gateway:Modems:{i}:Pin must be 4 to 8 digits.");
            }
        }

        if (options.Node.Name is { } node && (node.Length is 0 or > 64 || node.Any(char.IsControl)))
        {
            errors.Add("Gateway:Node:Name must be 1 to 64 printable characters.");
        }

        errors.AddRange(options.Database.Validate());
        errors.AddRange(options.Node.Validate());

        if (options.Simulation.NamePrefix is not { Length: > 0 and <= 32 })
        {
            errors.Add("Gateway:Simulation:NamePrefix must be 1 to 32 characters.");
        }

        if (options.Simulation.Modems is < 1 or > 64)
        {
            errors.Add("Gateway:Simulation:Modems must be between 1 and 64.");
        }

        if (options.Simulation.SendDelay < TimeSpan.Zero)
        {
            errors.Add("Gateway:Simulation:SendDelay cannot be negative.");
        }

        if ((options.QuietHours.Start is null) != (options.QuietHours.End is null))
        {
            errors.Add("Gateway:QuietHours:Start and Gateway:QuietHours:End go together.");
        }

        if (options.QuietHours.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add($"Gateway:QuietHours:TimeZone '{zone}' is not a known time zone (e.g. Europe/Rome).");
        }

        if (!Uri.TryCreate(options.Marketing.PublicBaseUrl, UriKind.Absolute, out var publicBase) || publicBase.Scheme is not ("http" or "https"))
        {
            errors.Add($"Gateway:Marketing:PublicBaseUrl '{options.Marketing.PublicBaseUrl}' must be an absolute http(s) URL, e.g. https://go.example.com.");
        }

        if (options.Marketing.TimeZone is { } businessZone && !TimeZoneInfo.TryFindSystemTimeZoneById(businessZone, out _))
        {
            errors.Add($"Gateway:Marketing:TimeZone '{businessZone}' is not a known time zone (e.g. Europe/Rome).");
        }

        if (options.Marketing.CostPerPart < 0)
        {
            errors.Add("Gateway:Marketing:CostPerPart cannot be negative.");
        }

        if (options.Marketing.TickInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("Gateway:Marketing:TickInterval must be at least one second.");
        }

        if (options.Api.BootstrapKey is { Length: < 16 })
        {
            errors.Add("Gateway:Api:BootstrapKey must be at least 16 characters.");
        }

        errors.AddRange(options.Webhooks.Validate());
        errors.AddRange(options.Api.RateLimit.Validate());
        errors.AddRange(options.Https.Validate());
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
