using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ReEngage.Gateway.Api;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>): what the route metadata cannot say by itself — the two
/// ways to authenticate, which operations need them, a tag per resource, deprecated routes. The contract
/// tests hold every answer the gateway gives to this document.
/// </summary>
internal static class ApiDocument
{
    public const string BearerScheme = "bearer";
    public const string ApiKeyScheme = "apiKey";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", openApi =>
        {
            openApi.AddDocumentTransformer(DescribeAsync);
            openApi.AddOperationTransformer(TransformOperationAsync);
            openApi.AddSchemaTransformer((schema, _, _) =>
            {
                // Our enums are written as strings (JsonStringEnumConverter): say so, for generators that need the type.
                if (schema.Enum is { Count: > 0 } && schema.Type is null)
                {
                    schema.Type = JsonSchemaType.String;
                }

                return Task.CompletedTask;
            });
        });

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "ReEngage Gateway API";
        document.Info.Description = "Send SMS through your own modems, read their status, receive inbound SMS and webhooks. "
            + "Authenticate with 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. Errors are RFC 7807 problem details; "
            + "a 400 names each wrong field in 'errors'.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key as a bearer token: 'Authorization: Bearer <key>'.",
        };
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key in the X-Api-Key header.",
        };
        return Task.CompletedTask;
    }

    private static Task TransformOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = context.Description.RelativePath ?? string.Empty;
        operation.Tags = new HashSet<OpenApiTagReference> { new(TagOf(path), context.Document) };
        if (metadata.OfType<DeprecatedRoute>().Any())
        {
            operation.Deprecated = true;
        }

        // A query value of the wrong type (after=abc) is refused by BadRequestProblems, whatever the route.
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true && operation.Responses is { } responses && !responses.ContainsKey("400"))
        {
            responses["400"] = new OpenApiResponse
            {
                Description = "Bad Request",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("HttpValidationProblemDetails", context.Document) },
                },
            };
        }

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            // Either scheme will do: two requirements, each naming one.
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
            ];
        }
        else
        {
            // The group documents 401/403 for all its routes; an anonymous one cannot be refused for its role.
            operation.Responses?.Remove("403");
        }

        return Task.CompletedTask;
    }

    /// <summary>One tag per resource: the first segment after /api/v1 (the dashboard's helpers under their resource).</summary>
    internal static string TagOf(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 2 && segments[0] == "api" ? segments[2] : segments.LastOrDefault() ?? "gateway";
        return resource switch
        {
            "send" or "sms" => "Messages",
            "stats" => "Statistics",
            "keys" => "API keys",
            "coupons" or "templates" or "marketing" => "Marketing tools",
            _ => char.ToUpperInvariant(resource[0]) + resource[1..],
        };
    }
}

/// <summary>Marks a route kept for old clients: it still answers, and the document says to move on.</summary>
internal sealed class DeprecatedRoute;
