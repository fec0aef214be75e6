namespace ReEngage.Gateway.Api;

/// <summary>
/// Refuses query parameters an endpoint does not know (400, naming each): a misspelt filter
/// (<c>?stauts=sleeping</c>) silently ignored returns everyone, and an export to the shop would then
/// carry customers it was meant to leave out.
/// </summary>
internal static class AllowedQuery
{
    public static TBuilder WithQuery<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder
    {
        var allowed = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var unknown = context.HttpContext.Request.Query.Keys.Where(k => !allowed.Contains(k) && !k.StartsWith("map.", StringComparison.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                var known = allowed.Count == 0 ? "This endpoint takes no query parameters." : $"Known: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.";
                return Results.ValidationProblem(unknown.ToDictionary(k => k, k => new[] { $"'{k}' is not a filter of this endpoint. {known}" }), title: "Unknown query parameter");
            }

            return await next(context);
        });
        return builder;
    }
}
