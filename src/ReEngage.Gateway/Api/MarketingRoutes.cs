using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>What the marketing resources share: the map of them all, their flat definition bodies, their 404.</summary>
internal static class MarketingRoutes
{
    public static RouteGroupBuilder MapMarketing(this RouteGroupBuilder api) =>
        api.MapSegments().MapCampaigns().MapAutomations().MapMarketingTools();

    /// <summary>Reads the header fields (name, segment) and the definition from one flat JSON object.</summary>
    public static (THeader? Header, TDefinition? Definition, ProblemHttpResult? Error) ReadDefinition<THeader, TDefinition>(JsonDocument body)
        where THeader : class
        where TDefinition : class
    {
        try
        {
            var header = body.RootElement.Deserialize<THeader>(MarketingJson.Options);
            var definition = body.RootElement.Deserialize<TDefinition>(MarketingJson.Options);
            return header is null || definition is null
                ? (null, null, TypedResults.Problem(statusCode: 400, title: "Empty body", detail: "The request body is empty or null."))
                : (header, definition, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } f ? f : "body";
            return (null, null, TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [ex.Message.Split(" Path:", 2)[0]] })
            {
                Title = "Malformed definition",
                Status = StatusCodes.Status400BadRequest,
            }));
        }
    }

    public static ProblemHttpResult NotFound(string what, long id) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no {what} {id}.");
}
