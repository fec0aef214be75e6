using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Core;

/// <summary>
/// Quiet hours and keywords as they are in force: the configuration's values, replaced by what an admin
/// saved in the dashboard (kept in the settings table, so they survive restarts and upgrades).
/// </summary>
public sealed class SendingRules(IOptions<GatewayOptions> options)
{
    private const string QuietHoursKey = "rules.quietHours";
    private const string KeywordsKey = "rules.keywords";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private volatile QuietHoursOptions quietHours = options.Value.QuietHours;
    private volatile KeywordOptions keywords = options.Value.Keywords;

    public QuietHoursOptions QuietHours => quietHours;

    /// <summary>The zone quiet hours are kept in for a message without a contact's own: theirs if set, else the business's.</summary>
    public TimeZoneInfo QuietZone =>
        quietHours.TimeZone is { Length: > 0 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : Marketing.MarketingSender.Zone(null, options.Value);

    public KeywordOptions Keywords => keywords;

    /// <summary>Applies the saved values (at start).</summary>
    public async Task LoadAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var saved = await db.Settings.AsNoTracking().Where(s => s.Key == QuietHoursKey || s.Key == KeywordsKey).ToDictionaryAsync(s => s.Key, s => s.Value, cancellationToken).ConfigureAwait(false);
        if (saved.TryGetValue(QuietHoursKey, out var q) && JsonSerializer.Deserialize<QuietHoursOptions>(q, Json) is { } savedQuiet && Validate(savedQuiet, null).Count == 0)
        {
            quietHours = savedQuiet;
        }

        if (saved.TryGetValue(KeywordsKey, out var k) && JsonSerializer.Deserialize<KeywordOptions>(k, Json) is { } savedKeywords && Validate(null, savedKeywords).Count == 0)
        {
            keywords = savedKeywords;
        }
    }

    /// <summary>Validates and saves new rules; they apply at once.</summary>
    public async Task<FieldErrors> UpdateAsync(GatewayDbContext db, QuietHoursOptions? newQuietHours, KeywordOptions? newKeywords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var errors = Validate(newQuietHours, newKeywords);
        if (errors.Count > 0)
        {
            return errors;
        }

        foreach (var (key, value) in new (string, object?)[] { (QuietHoursKey, newQuietHours), (KeywordsKey, newKeywords) })
        {
            if (value is null)
            {
                continue;
            }

            var json = JsonSerializer.Serialize(value, Json);
            if (await db.Settings.FirstOrDefaultAsync(s => s.Key == key, cancellationToken).ConfigureAwait(false) is { } row)
            {
                row.Value = json;
            }
            else
            {
                db.Settings.Add(new GatewaySetting { Key = key, Value = json });
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        quietHours = newQuietHours ?? quietHours;
        keywords = newKeywords ?? keywords;
        return errors;
    }

    private static FieldErrors Validate(QuietHoursOptions? quiet, KeywordOptions? words)
    {
        var errors = new FieldErrors();
        if (quiet is not null)
        {
            if ((quiet.Start is null) != (quiet.End is null))
            {
                errors.Add("quietHours", "Give both the start and the end of quiet hours, or neither.");
            }
            else if (quiet.Start == quiet.End && quiet.Start is not null)
            {
                errors.Add("quietHours", "Quiet hours cannot start and end at the same time.");
            }

            if (quiet.TimeZone is { Length: > 0 } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                errors.Add("quietHours.timeZone", $"'{zone}' is not a time zone (e.g. Europe/Rome).");
            }
        }

        if (words is not null)
        {
            if (words.OptOut is not { Count: > 0 })
            {
                errors.Add("keywords.optOut", "Keep at least one opt-out keyword (STOP): people must be able to leave.");
            }

            foreach (var (field, list) in new[] { ("keywords.optOut", words.OptOut), ("keywords.optIn", words.OptIn), ("keywords.help", words.Help) })
            {
                if ((list ?? []).Any(w => string.IsNullOrWhiteSpace(w) || w.Trim().Length > 20 || w.Trim().Contains(' ', StringComparison.Ordinal)))
                {
                    errors.Add(field, "Keywords are single words of at most 20 characters.");
                }
            }

            var all = (words.OptOut ?? []).Concat(words.OptIn ?? []).Concat(words.Help ?? []).Select(w => w.Trim().ToUpperInvariant()).ToList();
            if (all.Count != all.Distinct().Count())
            {
                errors.Add("keywords", "A keyword can only have one meaning.");
            }

            if (words.HelpReply is { Length: > 300 })
            {
                errors.Add("keywords.helpReply", "The help reply is longer than 300 characters.");
            }
        }

        return errors;
    }
}
