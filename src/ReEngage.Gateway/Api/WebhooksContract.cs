using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ReEngage.Gateway.Api;

/// <summary>
/// What the webhooks routes answer, for the document, added from outside <see cref="WebhooksApi"/> (which is
/// being rewritten elsewhere): its handlers return untyped results. Remove this once they are typed; the
/// contract tests then check the typed results instead.
/// </summary>
internal static class WebhooksContract
{
    public static RouteGroupBuilder DocumentWebhooks(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var route = (endpoint as RouteEndpointBuilder)?.RoutePattern.RawText;
            var method = endpoint.Metadata.OfType<IHttpMethodMetadata>().FirstOrDefault()?.HttpMethods is [var first, ..] ? first : null;
            foreach (var item in (method, route) switch
            {
                ("POST", "/api/v1/webhooks") =>
                [
                    new AcceptsMetadata(["application/json"], typeof(WebhookBody)), new EndpointSummaryAttribute("Register a webhook: a URL and the events it wants; the secret comes back once"),
                    Json<WebhookCreatedDto>(StatusCodes.Status201Created), Validation(), Problem(413), Problem(415),
                ],
                ("GET", "/api/v1/webhooks") => [Json<IReadOnlyList<WebhookDto>>(StatusCodes.Status200OK), new EndpointSummaryAttribute("The registered webhooks")],
                ("DELETE", "/api/v1/webhooks/{id:long}") => [new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, typeof(void)), Problem(404), new EndpointSummaryAttribute("Remove a webhook")],
                ("GET", "/api/v1/webhooks/{id:long}/deliveries") => [Json<IReadOnlyList<WebhookDeliveryDto>>(StatusCodes.Status200OK), new EndpointSummaryAttribute("The webhook's latest 100 deliveries, newest first")],
                _ => Array.Empty<object>(),
            })
            {
                endpoint.Metadata.Add(item);
            }
        });
        return group;
    }

    private static ProducesResponseTypeMetadata Json<T>(int status) => new(status, typeof(T), ["application/json"]);

    private static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);

    private static ProducesResponseTypeMetadata Validation() => new(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]);
}

/// <summary>A new webhook, with its signing secret (shown only in this answer).</summary>
internal sealed record WebhookCreatedDto(long Id, string Url, IReadOnlyList<string> Events, string Secret, DateTimeOffset CreatedAt);

/// <summary>One delivery attempt series of an event to a webhook.</summary>
internal sealed record WebhookDeliveryDto(long Id, string Event, string State, int Attempts, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt);
