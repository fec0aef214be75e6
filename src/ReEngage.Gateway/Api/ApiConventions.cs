namespace ReEngage.Gateway.Api;

/// <summary>What a route says about itself in the document beyond its typed results: bodies read by <see cref="JsonBody"/>, problems it may answer.</summary>
internal static class ApiConventions
{
    /// <summary>
    /// A JSON body read by <see cref="JsonBody"/> (so a malformed one gets our readable 400): its schema, and
    /// the problems reading it can give — 400 (malformed or invalid), 413 (too large), 415 (not JSON).
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder)
        where TBody : notnull =>
        builder.Accepts<TBody>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The problem answers a route may give besides those of its body, e.g. 404 and 409.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder = status == StatusCodes.Status400BadRequest ? builder.ProducesValidationProblem() : builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>
    /// A 200 that is JSON (its typed result) or, with format=csv, a CSV file: the document lists both
    /// bodies (route metadata alone keeps one content type per status).
    /// </summary>
    public static RouteHandlerBuilder OrCsv(this RouteHandlerBuilder builder) => builder.AddOpenApiOperationTransformer((operation, _, _) =>
    {
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is Microsoft.OpenApi.OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>();
            response.Content["text/csv"] = new Microsoft.OpenApi.OpenApiMediaType { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } };
        }

        return Task.CompletedTask;
    });

    /// <summary>Kept answering for old clients, marked deprecated in the document.</summary>
    public static RouteHandlerBuilder Deprecated(this RouteHandlerBuilder builder) => builder.WithMetadata(new DeprecatedRoute());

    /// <summary>401 and 403 for every route of an authenticated group.</summary>
    public static RouteGroupBuilder RefusesStrangers(this RouteGroupBuilder group) => group.WithMetadata(
        new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
        new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
