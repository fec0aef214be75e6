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
    public const string QueryKeyScheme = "apiKeyQuery";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", openApi =>
        {
            openApi.AddDocumentTransformer(DescribeAsync);
            openApi.AddDocumentTransformer(WebhookDocument.DescribeAsync);

            // Last: the tags of every operation, webhooks included.
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                ApiTags.Describe(document);
                return Task.CompletedTask;
            });
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
            openApi.AddSchemaTransformer(OptionalIsOptional);
            openApi.AddSchemaTransformer(UntypedSchemas.TemplateFixValue);
            openApi.AddSchemaTransformer(UntypedSchemas.CampaignDefinitionAsync);
        });

    /// <summary>
    /// Only what the gateway demands is "required": the schema generator marks every constructor parameter
    /// of a record required, so a client generated from it would insist on idempotencyKey, sendAt, priority…
    /// A property is required when it is marked [Required] (or C# required); a nullable or defaulted one is
    /// optional; the rest (non-nullable values such as a segment id) stay as the generator said.
    /// </summary>
    private static Task OptionalIsOptional(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var demanded = property.IsRequired || property.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true;
            var optional = property.AssociatedParameter is { } parameter
                ? parameter.IsNullable || parameter.HasDefaultValue
                : property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null;
            if (demanded)
            {
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(property.Name);

                // Demanded means a value, not null: the body binds it nullable only to answer a clear 400 when it is missing.
                if (schema.Properties.TryGetValue(property.Name, out var value) && value is OpenApiSchema concrete)
                {
                    if (concrete.Type is { } type)
                    {
                        concrete.Type = type & ~JsonSchemaType.Null;
                    }

                    // A nullable reference is written oneOf [null, $ref]: keep the reference alone.
                    if (concrete.OneOf is { Count: > 1 } options && options.OfType<OpenApiSchema>().FirstOrDefault(o => o.Type == JsonSchemaType.Null) is { } nothing)
                    {
                        options.Remove(nothing);
                    }
                }
            }
            else if (optional)
            {
                schema.Required?.Remove(property.Name);
            }

            // A list declared List<T?> takes null items (a bulk answers them in "rejected"): say so.
            if (property.AttributeProvider is System.Reflection.PropertyInfo info
                && new System.Reflection.NullabilityInfoContext().Create(info) is var nullability
                && (nullability.ElementType ?? nullability.GenericTypeArguments.FirstOrDefault()) is { ReadState: System.Reflection.NullabilityState.Nullable }
                && schema.Properties.TryGetValue(property.Name, out var list) && list is OpenApiSchema { Items: { } items } array)
            {
                array.Items = new OpenApiSchema { AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, items] };
            }
        }

        return Task.CompletedTask;
    }

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "ReEngage Gateway API";
        document.Info.Description = "Send SMS through your own modems, read their status, receive inbound SMS and webhooks. "
            + "Authenticate with 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'. Errors are RFC 7807 problem details; "
            + "a 400 names each wrong field in 'errors'.";
        document.Info.Contact = new OpenApiContact { Name = "ReEngage Gateway maintainers", Email = "maintainers@users.noreply.h-seed-6274c4a0.example" };
        // As packaging/debian/copyright says: no licence file, use as agreed (an SPDX LicenseRef, there being no SPDX id for it).
        document.Info.License = new OpenApiLicense { Name = "Proprietary: as agreed with the maintainers", Identifier = "LicenseRef-ReEngage-Proprietary" };

        // The generator names the host that asked as "http://host/"; a base URL ending in "/" doubles the slash
        // before every path when a client joins them.
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }

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
        document.Components.SecuritySchemes[QueryKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = "key",
            Description = "An API key in the 'key' query parameter: only GET /api/v1/send takes it (devices that can only call a URL).",
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

        if (metadata.OfType<KeyInQueryRoute>().Any())
        {
            // Anonymous to the authorization middleware: the handler checks the key itself, from the query or the usual headers.
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(QueryKeyScheme, context.Document)] = [] },
            ];
            operation.Responses?.Remove("403");
        }
        else if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
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

            // Said, not left out: an operation without "security" would read as "ask the author" to a linter.
            operation.Security = [new OpenApiSecurityRequirement()];
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
            "smpp" => "SMPP accounts",
            "coupons" or "templates" or "marketing" => "Marketing tools",
            "keyword-opt-outs" => "Contacts",
            "healthz" => "Health",
            _ => char.ToUpperInvariant(resource[0]) + resource[1..],
        };
    }
}

/// <summary>Marks a route kept for old clients: it still answers, and the document says to move on.</summary>
internal sealed class DeprecatedRoute;

/// <summary>Marks a route that takes the API key from the query (?key=) as well as from the usual headers.</summary>
internal sealed class KeyInQueryRoute;
