using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Core;

/// <summary>The business's own facts: where it is, its clock and money, the address phones open short links at, what a part costs.</summary>
public sealed record BusinessProfile(string? Country, string? TimeZone, string? Currency, string? PublicBaseUrl, decimal? CostPerPart);

/// <summary>
/// The business profile asked once at first run and edited in Settings: kept in the settings table, applied to
/// the configuration in force at start and at once when changed. The configuration's values (appsettings,
/// Gateway__… variables) stay the defaults until an admin saves the profile.
/// </summary>
/// <remarks>
/// The values are written into the <see cref="GatewayOptions"/> singleton every service already reads
/// (DefaultRegion, Marketing:…), so each estimate, link and number check follows a change without each of them
/// knowing where the value came from. Only strings and a decimal are replaced, under a lock; readers see the
/// old value or the new one.
/// </remarks>
public sealed class BusinessSettings(IOptions<GatewayOptions> options)
{
    private const string Key = "business.profile";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock gate = new();

    /// <summary>Whether an admin has saved the profile (the first-run page asks until then).</summary>
    public bool Saved { get; private set; }

    /// <summary>The profile in force.</summary>
    public BusinessProfile Current
    {
        get
        {
            var o = options.Value;
            return new(o.DefaultRegion, MarketingSender.Zone(null, o).Id, o.Marketing.Currency, o.Marketing.PublicBaseUrl, o.Marketing.CostPerPart);
        }
    }

    /// <summary>Applies the saved profile (at start).</summary>
    public async Task LoadAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var saved = await db.Settings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (saved is not null && JsonSerializer.Deserialize<BusinessProfile>(saved, Json) is { } profile && Validate(profile).Count == 0)
        {
            Apply(profile);
            Saved = true;
        }
    }

    /// <summary>Validates and saves a profile (a field left null keeps its value); it applies at once.</summary>
    public async Task<FieldErrors> UpdateAsync(GatewayDbContext db, BusinessProfile change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(change);
        var current = Current;
        var profile = new BusinessProfile(
            change.Country is null ? current.Country : Blank(change.Country)?.ToUpperInvariant(),
            Blank(change.TimeZone) ?? current.TimeZone,
            Blank(change.Currency)?.ToUpperInvariant() ?? current.Currency,
            Blank(change.PublicBaseUrl)?.TrimEnd('/') ?? current.PublicBaseUrl,
            change.CostPerPart ?? current.CostPerPart);
        var errors = Validate(profile);
        if (errors.Count > 0)
        {
            return errors;
        }

        var json = JsonSerializer.Serialize(profile, Json);
        if (await db.Settings.FirstOrDefaultAsync(s => s.Key == Key, cancellationToken).ConfigureAwait(false) is { } row)
        {
            row.Value = json;
        }
        else
        {
            db.Settings.Add(new GatewaySetting { Key = Key, Value = json });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        Apply(profile);
        Saved = true;
        return errors;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Apply(BusinessProfile profile)
    {
        lock (gate)
        {
            var o = options.Value;
            o.DefaultRegion = profile.Country;
            o.Marketing.TimeZone = profile.TimeZone ?? o.Marketing.TimeZone;
            o.Marketing.Currency = profile.Currency ?? o.Marketing.Currency;
            o.Marketing.PublicBaseUrl = profile.PublicBaseUrl ?? o.Marketing.PublicBaseUrl;
            o.Marketing.CostPerPart = profile.CostPerPart ?? o.Marketing.CostPerPart;
        }
    }

    private static FieldErrors Validate(BusinessProfile profile)
    {
        var errors = new FieldErrors();
        if (profile.Country is { } country && !PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(country))
        {
            errors.Add("country", $"'{country}' is not a country code such as IT, GB or RO.");
        }

        if (profile.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("timeZone", $"'{zone}' is not a time zone (e.g. Europe/Rome).");
        }

        if (profile.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            errors.Add("currency", $"'{profile.Currency}' is not a currency code (three letters, e.g. EUR).");
        }

        if (!Uri.TryCreate(profile.PublicBaseUrl, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(address.Query))
        {
            errors.Add("publicBaseUrl", $"'{profile.PublicBaseUrl}' is not an address phones can open, such as https://go.myshop.it.");
        }

        if (profile.CostPerPart is < 0 or > 100)
        {
            errors.Add("costPerPart", "The cost of one SMS part is between 0 and 100.");
        }

        return errors;
    }
}
