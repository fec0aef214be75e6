using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>
/// /api/v1/settings/keywords: the keyword sets per language (shipped, with the operator's words), which are
/// read, the replies per language, and a try-out of the rule on any text.
/// </summary>
internal static class KeywordSettingsApi
{
    public static RouteGroupBuilder MapKeywordSettings(this RouteGroupBuilder api)
    {
        api.MapGet("/settings/keywords", GetAsync).WithQuery().WithName("KeywordSettings")
            .WithSummary("The keyword sets per language in force (the shipped words, the operator's added and removed ones), the languages read, the replies per language");
        api.MapPut("/settings/keywords", UpdateAsync).AcceptsJson<KeywordSettingsBody>().RequireAuthorization(ApiPolicies.Administer).WithName("UpdateKeywordSettings")
            .WithSummary("Change the words and replies of the languages sent (others stay), which languages are read and the opt-out confirmation (admin); they apply at once");
        api.MapPost("/settings/keywords/test", TestAsync).AcceptsJson<KeywordTestBody>().WithName("TestKeyword")
            .WithSummary("How the gateway reads a reply: the keyword and language it matched, or none");
        return api;
    }

    private static async Task<Ok<KeywordSettingsView>> GetAsync(GatewayDbContext db, KeywordRules rules, SendingRules sending, CancellationToken cancellationToken)
    {
        await rules.EnsureLoadedAsync(db, cancellationToken);
        return TypedResults.Ok(View(rules, sending));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> UpdateAsync(HttpRequest request, GatewayDbContext db, KeywordRules rules, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<KeywordSettingsBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var cancellationToken = request.HttpContext.RequestAborted;
        await rules.EnsureLoadedAsync(db, cancellationToken);
        var current = rules.Saved;
        var saved = new KeywordLanguageSettings
        {
            Checked = body!.Checked is { } languages ? [.. languages.OfType<string>().Select(l => l.Trim().ToLowerInvariant())] : current.Checked,
            ConfirmOptOut = body.ConfirmOptOut ?? current.ConfirmOptOut,
            Languages = new(current.Languages, StringComparer.Ordinal),
        };
        foreach (var language in body.Languages ?? [])
        {
            var code = (language.Language ?? string.Empty).Trim().ToLowerInvariant();
            // The same base the sets in force start from (STOP and START for a language the gateway does not ship).
            var shipped = KeywordRules.Effective(code, new KeywordLanguageSettings());
            static List<string> Clean(List<string?>? words) => [.. (words ?? []).OfType<string>().Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
            var previous = saved.Languages.GetValueOrDefault(code);
            saved.Languages[code] = new LanguageKeywordEdits
            {
                OptOut = WordListEdits.Between(shipped.OptOut, Clean(language.OptOut)),
                OptIn = WordListEdits.Between(shipped.OptIn, Clean(language.OptIn)),
                Help = WordListEdits.Between(shipped.Help, Clean(language.Help)),
                Courtesy = language.Courtesy is null ? previous?.Courtesy ?? new() : WordListEdits.Between(shipped.Courtesy, Clean(language.Courtesy)),
                HelpReply = Reply(language.HelpReply, shipped.HelpReply),
                OptOutConfirmation = Reply(language.OptOutConfirmation, shipped.OptOutConfirmation),
            };
        }

        var errors = await rules.UpdateAsync(db, saved, cancellationToken);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors, title: "The keywords were not saved") : TypedResults.NoContent();
    }

    private static async Task<Ok<KeywordTestView>> TestAsync(KeywordTestBody body, GatewayDbContext db, KeywordRules rules, CancellationToken cancellationToken)
    {
        await rules.EnsureLoadedAsync(db, cancellationToken);
        var match = rules.Match(body.Text ?? string.Empty, body.Language);
        return TypedResults.Ok(match is null
            ? new KeywordTestView(false, null, null, null, null, null)
            : new KeywordTestView(true, KindName(match.Kind), match.Keyword, match.Language, match.Typo, match.Describe()));
    }

    /// <summary>A reply left empty, or as shipped, follows the shipped text (and its later corrections).</summary>
    private static string? Reply(string? sent, string? shipped) => string.IsNullOrWhiteSpace(sent) || sent.Trim() == shipped ? null : sent.Trim();

    private static string KindName(KeywordKind kind) => kind switch
    {
        KeywordKind.OptOut => "opt_out",
        KeywordKind.OptIn => "opt_in",
        _ => "help",
    };

    private static KeywordSettingsView View(KeywordRules rules, SendingRules sending)
    {
        var saved = rules.Saved;
        var read = rules.Sets.Select(s => s.Language).ToHashSet();
        var codes = ShippedKeywordSets.Languages.Concat(saved.Languages.Keys).Concat(saved.Checked ?? []).Distinct(StringComparer.Ordinal);
        var languages = codes.Select(code =>
        {
            var set = KeywordRules.Effective(code, saved);
            var shipped = ShippedKeywordSets.All.GetValueOrDefault(code);
            var edits = saved.Languages.GetValueOrDefault(code);
            return new KeywordLanguageView(code, read.Contains(code), shipped is not null, [.. set.OptOut], [.. set.OptIn], [.. set.Help], [.. set.Courtesy],
                [.. edits?.OptOut.Added ?? [], .. edits?.OptIn.Added ?? [], .. edits?.Help.Added ?? []],
                [.. edits?.OptOut.Removed ?? [], .. edits?.OptIn.Removed ?? [], .. edits?.Help.Removed ?? []],
                rules.HelpReply(code) ?? set.HelpReply, set.OptOutConfirmation);
        }).ToList();
        var general = sending.Keywords;
        return new KeywordSettingsView(languages, saved.ConfirmOptOut, new GeneralKeywordsView([.. general.OptOut], [.. general.OptIn], [.. general.Help]), rules.BusinessLanguage);
    }
}
