using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Api;

/// <summary>
/// Answers whose C# type is looser than what they hold (object, JsonNode), which the generator can only write
/// as <c>{}</c>: each is given the schema of what it really carries. The coverage tests validate the real
/// answers against these schemas, so they cannot claim more than the gateway sends.
/// </summary>
internal static class UntypedSchemas
{
    /// <summary>
    /// A template fix's value is what it sets on the step field it names: a boolean (smartEncoding) or a number
    /// (maxNameLength, maxParts). The record types it object so one list holds both.
    /// </summary>
    public static Task TemplateFixValue(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var value = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(nameof(TemplateFix.Value));
        if (context.JsonTypeInfo.Type == typeof(TemplateFix) && schema.Properties?.ContainsKey(value) == true)
        {
            schema.Properties[value] = new OpenApiSchema
            {
                OneOf = [new OpenApiSchema { Type = JsonSchemaType.Boolean }, new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }],
                Description = "The value to set: true for smartEncoding, a number for maxNameLength and maxParts.",
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A campaign's definition is answered as a JsonNode (the saved <see cref="CampaignDefinition"/> without the
    /// fields only automation steps have): it is described as the record it was written from.
    /// </summary>
    public static async Task CampaignDefinitionAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var definition = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(nameof(CampaignView.Definition));
        if (context.JsonTypeInfo.Type != typeof(CampaignView) || schema.Properties?.TryGetValue(definition, out var current) != true)
        {
            return;
        }

        var generated = await context.GetOrCreateSchemaAsync(typeof(CampaignDefinition), null, cancellationToken);
        schema.Properties[definition] = new OpenApiSchema
        {
            OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, generated],
            Description = current!.Description,
        };
    }
}
