using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Security;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>
/// The keyword sets in force: the shipped sets with the operator's changes (kept in the settings table),
/// only the checked languages, plus the business's own language-free list (<c>Gateway:Keywords</c>, or
/// what was saved over it in Settings), which is still honoured. Rebuilt when either changes.
/// </summary>
public sealed class KeywordRules(SendingRules sendingRules, IOptions<GatewayOptions> options)
{
    internal const string SettingsKey = "rules.keywordLanguages";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private volatile State? state;
    private volatile State? fallback;

    /// <summary>The business's language (<c>Gateway:Marketing:Language</c>): the last choice for a reply.</summary>
    public string BusinessLanguage => Primary(options.Value.Marketing.Language) ?? "en";

    /// <summary>What the operator saved (an empty change set before the first save).</summary>
    public KeywordLanguageSettings Saved => state?.Saved ?? new();

    /// <summary>The sets read, in order; the language-free list last.</summary>
    public IReadOnlyList<KeywordLanguageSet> Sets => Current().Sets;

    /// <summary>Reads the saved changes once; later calls return at once.</summary>
    public async Task EnsureLoadedAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (state is not null)
        {
            return;
        }

        // Two first readers may both load: they read the same row, and either result is the same.
        var json = await db.Settings.AsNoTracking().Where(s => s.Key == SettingsKey).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var saved = json is null ? new KeywordLanguageSettings() : JsonSerializer.Deserialize<KeywordLanguageSettings>(json, Json) ?? new();
        state ??= Build(saved);
    }

    /// <summary>The keyword <paramref name="text"/> is, read in the contact's language first, then the business's.</summary>
    public KeywordMatch? Match(string text, string? contactLanguage) => Current().Matcher.Match(text, contactLanguage, BusinessLanguage);

    /// <summary>The language to answer in: the contact's, else the keyword's, else the business's (when it has a set).</summary>
    public string ReplyLanguage(string? contactLanguage, string? keywordLanguage)
    {
        var languages = Current().Sets.Select(s => s.Language).ToHashSet();
        return new[] { Primary(contactLanguage), keywordLanguage, BusinessLanguage }.FirstOrDefault(l => l is not null && languages.Contains(l)) ?? BusinessLanguage;
    }

    /// <summary>The help reply in <paramref name="language"/>; null when help replies are off (an empty <c>HelpReply</c>).</summary>
    public string? HelpReply(string language)
    {
        if (sendingRules.Keywords.HelpReply is not { Length: > 0 } general)
        {
            return null;
        }

        // The general reply is the English one: an operator who reworded it in Settings meant it for English.
        var edited = Saved.Languages.GetValueOrDefault(language)?.HelpReply;
        return edited ?? (language == "en" ? general : ShippedKeywordSets.All.GetValueOrDefault(language)?.HelpReply ?? general);
    }

    /// <summary>The opt-out confirmation in <paramref name="language"/>; null unless the business sends one.</summary>
    public string? OptOutConfirmation(string language) => !Saved.ConfirmOptOut ? null
        : Saved.Languages.GetValueOrDefault(language)?.OptOutConfirmation ?? ShippedKeywordSets.All.GetValueOrDefault(language)?.OptOutConfirmation ?? ShippedKeywordSets.All["en"].OptOutConfirmation;

    /// <summary>Validates and saves the operator's changes; they apply at once.</summary>
    public async Task<FieldErrors> UpdateAsync(GatewayDbContext db, KeywordLanguageSettings saved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(saved);
        var candidate = Build(saved);
        var errors = KeywordSetValidation.Validate(candidate.Sets, saved);
        if (errors.Count > 0)
        {
            return errors;
        }

        var json = JsonSerializer.Serialize(saved, Json);
        if (await db.Settings.FirstOrDefaultAsync(s => s.Key == SettingsKey, cancellationToken).ConfigureAwait(false) is { } row)
        {
            row.Value = json;
        }
        else
        {
            db.Settings.Add(new GatewaySetting { Key = SettingsKey, Value = json });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        state = candidate;
        return errors;
    }

    /// <summary>One language's set as the operator left it (shipped, with their changes).</summary>
    public static KeywordLanguageSet Effective(string language, KeywordLanguageSettings saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var shipped = ShippedKeywordSets.All.GetValueOrDefault(language) ?? new KeywordLanguageSet(language, ["STOP"], ["START"], [], []);
        if (!saved.Languages.TryGetValue(language, out var edits))
        {
            return shipped;
        }

        return shipped with
        {
            OptOut = edits.OptOut.Apply(shipped.OptOut),
            OptIn = edits.OptIn.Apply(shipped.OptIn),
            Help = edits.Help.Apply(shipped.Help),
            Courtesy = edits.Courtesy.Apply(shipped.Courtesy),
            HelpReply = edits.HelpReply ?? shipped.HelpReply,
            OptOutConfirmation = edits.OptOutConfirmation ?? shipped.OptOutConfirmation,
        };
    }

    /// <summary>"it-IT" → "it".</summary>
    internal static string? Primary(string? language) =>
        string.IsNullOrWhiteSpace(language) ? null : language.Split('-', '_')[0].Trim().ToLowerInvariant();

    private State Current()
    {
        // Before the saved changes are read (a caller that did not load them): the shipped sets.
        var current = state ?? fallback ?? (fallback = Build(new KeywordLanguageSettings()));

        // An admin who saved the language-free list (PUT /api/v1/settings) changed the matcher's input too.
        if (!ReferenceEquals(current.General, sendingRules.Keywords))
        {
            current = Build(current.Saved);
            if (state is not null)
            {
                state = current;
            }
            else
            {
                fallback = current;
            }
        }

        return current;
    }

    private State Build(KeywordLanguageSettings saved)
    {
        var general = sendingRules.Keywords;
        var languages = saved.Checked ?? [.. ShippedKeywordSets.Languages, .. saved.Languages.Keys.Where(l => !ShippedKeywordSets.All.ContainsKey(l))];
        var sets = languages.Distinct(StringComparer.Ordinal).Select(l => Effective(l, saved)).ToList();
        sets.Add(new KeywordLanguageSet(null, general.OptOut ?? [], general.OptIn ?? [], general.Help ?? [], []));
        return new State(saved, general, sets, new KeywordMatcher(sets));
    }

    private sealed record State(KeywordLanguageSettings Saved, KeywordOptions General, IReadOnlyList<KeywordLanguageSet> Sets, KeywordMatcher Matcher);
}
