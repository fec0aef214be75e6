using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>
/// /api/v1/keyword-opt-outs: which inbound SMS opted whom out, on which keyword, and the operator's undo of a
/// misread one; /api/v1/contacts/{id}/opt-out: the customer's request made elsewhere, recorded by the operator.
/// </summary>
internal static class OptOutsApi
{
    public static RouteGroupBuilder MapOptOuts(this RouteGroupBuilder api)
    {
        api.MapGet("/keyword-opt-outs", ListAsync).WithQuery("contactId", "limit").WithName("ListKeywordOptOuts")
            .WithSummary("Opt-outs read from an inbound SMS's keyword, newest first: the message, the keyword and its language, the status before, and any undo");
        api.MapPost("/keyword-opt-outs/{id:long}/undo", UndoAsync).AcceptsJson<UndoOptOutBody>().Problems(404, 409).WithName("UndoKeywordOptOut")
            .WithSummary("Undo an opt-out the gateway misread (a reason is required): the contact goes back to its status before, contact.status announces it; refused when the person asked again");
        api.MapPost("/contacts/{id:long}/opt-out", OptOutAsync).Problems(404).WithName("OptOutContact")
            .WithSummary("Record the customer's own request to opt out, made to the business elsewhere (in the shop, by phone)");
        return api;
    }

    private static async Task<Results<Ok<List<KeywordOptOutView>>, ValidationProblem>> ListAsync(KeywordOptOuts optOuts, long? contactId, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryTake(limit, 100, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var items = await optOuts.ListAsync(contactId, null, take, cancellationToken);
        return TypedResults.Ok(items.Select(KeywordOptOutView.Of).ToList());
    }

    private static async Task<Results<Ok<KeywordOptOutView>, ProblemHttpResult>> UndoAsync(long id, HttpRequest request, KeywordOptOuts optOuts, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadOptionalAsync<UndoOptOutBody>(request, json.Value.SerializerOptions);
        if (problem is not null)
        {
            return problem;
        }

        var by = request.HttpContext.User.Identity?.Name ?? "api";
        var result = await optOuts.UndoAsync(id, body?.Reason, by, request.HttpContext.RequestAborted);
        return result switch
        {
            null => MarketingRoutes.NotFound("keyword opt-out", id),
            { Refusal: { } refusal } => TypedResults.Problem(statusCode: 409, title: "The opt-out was not undone", detail: refusal),
            _ => TypedResults.Ok(KeywordOptOutView.Of(result.OptOut)),
        };
    }

    private static async Task<Results<Ok<ContactView>, ProblemHttpResult>> OptOutAsync(long id, KeywordOptOuts optOuts, ContactService contacts, CancellationToken cancellationToken)
    {
        if (await optOuts.OptOutAsync(id, cancellationToken) is null)
        {
            return MarketingRoutes.NotFound("contact", id);
        }

        return await contacts.FindAsync(id, cancellationToken) is { } contact ? TypedResults.Ok(ContactView.Of(contact)) : MarketingRoutes.NotFound("contact", id);
    }
}

/// <summary>Why the opt-out was a misreading ("she asked for the shop's opening hours").</summary>
internal sealed record UndoOptOutBody(string? Reason);

/// <summary>
/// An opt-out read from an inbound SMS: the message (<c>inboundId</c>), the keyword as its set spells it and the
/// set's language (null: the business's own list), the word as written when read as a typo, the contact's status
/// before, whether the number was already on the list, and the undo (when, by whom, why).
/// </summary>
internal sealed record KeywordOptOutView(long Id, long InboundId, string Phone, long? ContactId, string Keyword, string? Language, string? Typo, string Matched,
    string? PreviousStatus, bool AlreadyListed, DateTimeOffset At, DateTimeOffset? UndoneAt, string? UndoneBy, string? UndoReason)
{
    public static KeywordOptOutView Of(KeywordOptOut k) => new(k.Id, k.InboundId, k.Phone, k.ContactId, k.Keyword, k.Language, k.Typo,
        new KeywordMatch(KeywordKind.OptOut, k.Keyword, k.Language, k.Typo).Describe(),
        k.PreviousStatus is { } s ? ContactTransitions.Name(s) : null, k.AlreadyListed, k.At, k.UndoneAt, k.UndoneBy, k.UndoReason);
}
