using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Api;

/// <summary>
/// The document's top-level <c>webhooks</c> (OpenAPI 3.1): one POST per event of <see cref="WebhookCatalog"/>,
/// its body the envelope <c>{event, at, data}</c> with <c>data</c> the event's payload record. The schemas come
/// from the same generator (and schema transformers) as the routes' bodies, from the very records the gateway
/// serializes, so the document describes what a receiver gets. Microsoft.AspNetCore.OpenApi only describes
/// routes, hence a document transformer.
/// </summary>
internal static class WebhookDocument
{
    public const string Tag = "Webhook events";

    public static async Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var options = context.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value.Webhooks;
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var kind in WebhookCatalog.Documented)
        {
            var name = SchemaName(kind.Name);
            document.AddComponent(name, await EnvelopeAsync(kind, document, context, cancellationToken));
            var operation = new OpenApiOperation
            {
                OperationId = "Webhook" + name[..^"Webhook".Length],
                Summary = kind.Summary,
                Description = kind.Description + "\n\n" + Delivery(options),
                Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
                Parameters = [.. Headers()],
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) } },
                },
                Responses = new OpenApiResponses
                {
                    ["2XX"] = new OpenApiResponse { Description = "Received. Any 2xx status ends the delivery; the body of the answer is ignored." },
                    ["4XX"] = new OpenApiResponse { Description = "Refused (say, a signature that does not verify): counted as a failed attempt and retried like any other failure." },
                    ["5XX"] = new OpenApiResponse { Description = "The receiver failed: retried with back-off." },
                },

                // The receiver does not authenticate the gateway with a scheme the document could name: it verifies
                // the webhook-signature header (above) with the webhook's secret.
                Security = [],
            };
            document.Webhooks[kind.Name] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation } };
        }
    }

    /// <summary>The component name of an event's body: message.status → MessageStatusWebhook.</summary>
    internal static string SchemaName(string eventName) =>
        string.Concat(eventName.Split('.', '_').Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + "Webhook";

    /// <summary>
    /// The envelope as the generator describes <c>WebhookEnvelope&lt;T&gt;</c> (property names and types as
    /// serialized, <c>data</c> a reference to the payload's record), with <c>event</c> narrowed to this event's name.
    /// </summary>
    private static async Task<OpenApiSchema> EnvelopeAsync(WebhookEventKind kind, OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var payload = await context.GetOrCreateSchemaAsync(kind.Payload, null, cancellationToken);
        NamedNullableObjects(payload, kind.Payload, document);
        document.AddComponent(kind.Payload.Name, payload);
        var generated = await context.GetOrCreateSchemaAsync(typeof(WebhookEnvelope<>).MakeGenericType(kind.Payload), null, cancellationToken);

        // A copy: several events share one envelope type (the contact lists), each with its own event name.
        var properties = new Dictionary<string, IOpenApiSchema>(generated.Properties ?? new Dictionary<string, IOpenApiSchema>());
        var eventProperty = Property(nameof(WebhookEnvelope<object>.Event));
        var dataProperty = Property(nameof(WebhookEnvelope<object>.Data));
        properties[eventProperty] = new OpenApiSchema { Type = JsonSchemaType.String, Const = kind.Name, Description = "The event's name." };
        properties[dataProperty] = new OpenApiSchemaReference(kind.Payload.Name, document);
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"The body POSTed for '{kind.Name}' ({char.ToLowerInvariant(kind.Summary[0])}{kind.Summary[1..]}).",
            Properties = properties,
            Required = new HashSet<string>(generated.Required ?? new HashSet<string>()) { eventProperty, dataProperty, Property(nameof(WebhookEnvelope<object>.At)) },
        };

        string Property(string clrName)
        {
            var expected = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(clrName);
            return properties.Keys.FirstOrDefault(k => string.Equals(k, expected, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The generated schema of WebhookEnvelope has no '{expected}' property.");
        }
    }

    /// <summary>
    /// A record-typed property that may be null (message.status's <c>error</c>) comes back from the generator
    /// inline and typed "object" alone, which a null would break; the routes' schemas say it as
    /// <c>oneOf [null, $ref]</c> to a named component, and so does this.
    /// </summary>
    private static void NamedNullableObjects(OpenApiSchema schema, Type type, OpenApiDocument document)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (schema.Properties is { } properties && properties.TryGetValue(name, out var found) && found is OpenApiSchema { Type: JsonSchemaType.Object } inline
                && nullability.Create(property).ReadState == NullabilityState.Nullable)
            {
                var component = property.PropertyType.Name;
                document.AddComponent(component, inline);
                properties[name] = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, new OpenApiSchemaReference(component, document)] };
            }
        }
    }

    /// <summary>What every delivery shares: the signature, the answer expected, and the retries.</summary>
    private static string Delivery(WebhookOptions options)
    {
        var schedule = string.Join(", ", WebhookRetryPolicy.Schedule.Select(Duration));
        var disabled = options.DisableAfter > TimeSpan.Zero
            ? $" A webhook whose every attempt has failed for {Duration(options.DisableAfter)} is disabled until it is enabled again."
            : string.Empty;
        return "Signed by Standard Webhooks (https://www.standardwebhooks.com/): verify webhook-signature over \"webhook-id.webhook-timestamp.body\" "
            + "with the webhook's secret (the base64 after 'whsec_') before trusting the body, and reject an old webhook-timestamp. "
            + $"Answer with any 2xx within {Duration(options.Timeout)}; anything else, or no answer in time, is a failed attempt, "
            + $"retried with back-off after {schedule}, then given up (an operator can redeliver it).{disabled} "
            + "Delivery is at least once: use webhook-id to drop a repeat.";
    }

    private static IEnumerable<IOpenApiParameter> Headers()
    {
        yield return Header("webhook-id", "The event's id for this receiver, 'msg_<n>': the same on every retry and redelivery, so a receiver can drop a repeat.", required: true);
        yield return Header("webhook-timestamp", "When this attempt was made, in Unix seconds: signed with the body, so an old one can be refused.", required: true, pattern: "^[0-9]+$");
        yield return Header("webhook-signature", "'v1,' + base64 HMAC-SHA256 of 'webhook-id.webhook-timestamp.body', keyed with the secret; space-separated, one per secret in force (two while a rotated secret overlaps).", required: true, pattern: "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$");
        yield return Header("X-ReEngage-Event", "The event's name, as in the body's 'event'.", required: true);
        yield return Header("X-ReEngage-Delivery", "The delivery's id in GET /api/v1/webhooks/{id}/deliveries.", required: true, pattern: "^[0-9]+$");
        yield return Header("X-ReEngage-Signature", "The older signature: 'sha256=' + hex HMAC-SHA256 of the raw body with the current secret.", required: true, pattern: "^sha256=[0-9a-f]{64}$");
    }

    private static OpenApiParameter Header(string name, string description, bool required, string? pattern = null) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern },
    };

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0} d"),
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0} h"),
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s"),
    };
}
