using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ReEngage.Gateway.Tests;

/// <summary>What an integrator's tooling needs from /openapi/v1.json before any call is made.</summary>
public sealed partial class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Gateway>
{
    // Routes that act on what the path names and take no body.
    private static readonly string[] Actions = ["cancel", "activate", "pause", "resume", "reinitialize", "run", "test", "rotate-secret", "redeliver", "opt-out"];

    private readonly OpenApiContract contract;
    private readonly Gateway fixture;

    public OpenApiDocumentTests(Gateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        this.fixture = fixture;
        contract = fixture.Contract;
    }

    [Fact]
    public void EveryOperation_HasAUniqueOperationId_ATag_AndASummary()
    {
        var operations = contract.Operations.ToList();
        Assert.True(operations.Count > 60, $"only {operations.Count} operations");
        var missing = operations.Where(o => o.Operation["operationId"] is null || o.Operation["tags"] is not JsonArray { Count: > 0 } || o.Operation["summary"] is null)
            .Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.True(missing.Count == 0, "no operationId, tag or summary: " + string.Join(", ", missing));
        var duplicates = operations.GroupBy(o => o.Operation["operationId"]!.GetValue<string>()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);

        // Each tag is defined at the top with a description (a reference viewer's section introduction), and no other.
        var defined = contract.Document["tags"]!.AsArray().ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["description"]?.GetValue<string>());
        var used = operations.SelectMany(o => o.Operation["tags"]!.AsArray().Select(t => t!.GetValue<string>())).ToHashSet();
        Assert.DoesNotContain(used, t => string.IsNullOrWhiteSpace(defined.GetValueOrDefault(t)));
        Assert.DoesNotContain(defined.Keys, t => !used.Contains(t) && t != "Webhook events");
    }

    [Fact]
    public void EveryPathParameter_IsDeclared_AndNoTwoPathsAreTheSameShape()
    {
        var undeclared = from o in contract.Operations
                         from name in PathParameter().Matches(o.Path).Select(m => m.Groups[1].Value)
                         where o.Operation["parameters"] is not JsonArray parameters
                             || !parameters.Any(p => p!["in"]!.GetValue<string>() == "path" && p["name"]!.GetValue<string>() == name && p["required"]?.GetValue<bool>() == true)
                         select $"{o.Method} {o.Path}: {name}";
        Assert.Empty(undeclared);

        // Spectral's path-params rule: /contacts/{id} and /contacts/{externalId} are one path to a client.
        var shapes = contract.Paths.GroupBy(p => PathParameter().Replace(p, "{}")).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g)).ToList();
        Assert.Empty(shapes);
    }

    [Fact]
    public void EveryOperationThatTakesABody_DocumentsIt()
    {
        var missing = contract.Operations
            .Where(o => o.Method is "POST" or "PUT" && !Actions.Contains(o.Path.Split('/')[^1]) && o.Operation["requestBody"]?["content"] is not JsonObject { Count: > 0 })
            .Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.True(missing.Count == 0, "no request body: " + string.Join(", ", missing));
        Assert.NotNull(contract.Document["paths"]!["/api/v1/messages"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]);
    }

    [Fact]
    public void AuthenticatedOperations_NameBothSchemes_AndDocument401And403()
    {
        var schemes = contract.Document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", schemes["apiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("header", schemes["apiKey"]!["in"]!.GetValue<string>());

        var wrong = contract.Operations.Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal) && o.Operation["operationId"]!.GetValue<string>() != "LegacySend")
            .Where(o => o.Operation["security"] is not JsonArray security
                || !security.Any(r => r!.AsObject().ContainsKey("bearer")) || !security.Any(r => r!.AsObject().ContainsKey("apiKey"))
                || o.Operation["responses"]!["401"] is null || o.Operation["responses"]!["403"] is null)
            .Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.True(wrong.Count == 0, "without security or 401/403: " + string.Join(", ", wrong));

        // Anonymous is said, not left out: one empty requirement. The URL-only send names the ?key= scheme too.
        Assert.Equal("[{}]", contract.Document["paths"]!["/healthz"]!["get"]!["security"]!.ToJsonString());
        Assert.Equal("query", schemes["apiKeyQuery"]!["in"]!.GetValue<string>());
        Assert.Equal(["bearer", "apiKey", "apiKeyQuery"], contract.Document["paths"]!["/api/v1/send"]!["get"]!["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)));
        var unsaid = contract.Operations.Where(o => o.Operation["security"] is null).Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.True(unsaid.Count == 0, "no security requirement: " + string.Join(", ", unsaid));
    }

    [Fact]
    public void EveryClientError_IsAProblemDetails()
    {
        var plain = from o in contract.Operations
                    from response in o.Operation["responses"]!.AsObject()
                    where response.Key.StartsWith('4') && response.Value!["content"]?["application/problem+json"]?["schema"] is null
                    select $"{o.Method} {o.Path} {response.Key}";
        Assert.Empty(plain);
    }

    [Fact]
    public void States_AreStringEnums_AsSerialized()
    {
        var schemas = contract.Document["components"]!["schemas"]!;
        Assert.Equal(["queued", "scheduled", "sending", "sent", "delivered", "failed", "expired", "cancelled"], Strings(schemas["MessageStatus"]!["enum"]!));
        Assert.Equal(["gsm7", "8bit", "ucs2"], Strings(schemas["MessageEncoding"]!["enum"]!));
        Assert.Equal(["high", "normal", "low"], Strings(schemas["MessagePriority"]!["enum"]!));
        Assert.Equal("string", schemas["MessageStatus"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void TheShopsIdRoutes_AreDistinct_AndTheOldOnesDeprecated()
    {
        var paths = contract.Document["paths"]!;
        Assert.NotNull(paths["/api/v1/contacts/by-external-id/{externalId}"]!["put"]);
        Assert.NotNull(paths["/api/v1/contacts/by-external-id/{externalId}"]!["get"]);
        Assert.True(paths["/api/v1/contacts/external/{externalId}"]!["get"]!["deprecated"]!.GetValue<bool>());
        Assert.Null(paths["/api/v1/contacts/by-external-id/{externalId}"]!["get"]!["deprecated"]);
    }

    [Fact]
    public void EverySuccessfulAnswerWithABody_DocumentsItsShape()
    {
        // "{}" tells a client generator nothing: it gets an untyped blob and integrators read the source. Not at
        // the top, and not deep inside either: an untyped property, list item or bare "object" is the same blob.
        var vague = from o in contract.Operations
                    from response in o.Operation["responses"]!.AsObject()
                    where response.Key.StartsWith('2')
                    from media in response.Value!["content"]?.AsObject() ?? []
                    where media.Key.EndsWith("json", StringComparison.Ordinal)
                    from spot in Vague(media.Value?["schema"], "schema", [])
                    select $"{o.Method} {o.Path} {response.Key} {media.Key}: {spot}";
        var list = vague.Distinct().ToList();
        Assert.True(list.Count == 0, $"{list.Count} answers documented with an empty schema:\n" + string.Join("\n", list));

        // The judge itself: it finds a blob wherever it hides.
        Assert.Single(Vague(JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"array","items":{"type":"object","properties":{"b":{}}}}}}"""), "t", []));
        Assert.Single(Vague(JsonNode.Parse("""{"type":"array"}"""), "t", []));
        Assert.Single(Vague(JsonNode.Parse("""{"oneOf":[{"type":"null"},{"type":"object"}]}"""), "t", []));
        Assert.Empty(Vague(JsonNode.Parse("""{"type":"object","properties":{"n":{"type":["null","integer"]}},"additionalProperties":{"type":"string"}}"""), "t", []));
    }

    /// <summary>Where a schema (followed through its references) says nothing: {}, an array without items, an object without properties.</summary>
    private IEnumerable<string> Vague(JsonNode? schema, string at, HashSet<string> followed)
    {
        if (schema?["$ref"]?.GetValue<string>() is { } reference)
        {
            var name = reference.Split('/')[^1];
            return followed.Add(name) ? Vague(Component(name), name, followed) : [];
        }

        if (!SaysSomething(schema))
        {
            return [$"{at}: {schema?.ToJsonString() ?? "no schema"}"];
        }

        var node = schema!.AsObject();
        var types = node["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        var found = new List<string>();
        if (types.Contains("array") && node["items"] is null)
        {
            found.Add($"{at}: an array without items");
        }

        if (types.Contains("object") && node["properties"] is not JsonObject { Count: > 0 } && node["additionalProperties"] is null)
        {
            found.Add($"{at}: an object without properties");
        }

        found.AddRange((node["properties"]?.AsObject() ?? []).SelectMany(p => Vague(p.Value, $"{at}.{p.Key}", followed)));
        found.AddRange(node["items"] is JsonObject items ? Vague(items, $"{at}[]", followed) : []);
        found.AddRange(node["additionalProperties"] is JsonObject values ? Vague(values, $"{at}{{}}", followed) : []);
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            found.AddRange((node[combinator]?.AsArray() ?? []).SelectMany((option, i) => Vague(option, $"{at}.{combinator}[{i}]", followed)));
        }

        return found;
    }

    [Fact]
    public void RequestBodies_MarkOnlyWhatTheGatewayRequires_AsRequired()
    {
        // What the README promises: a message needs a recipient and a text, a webhook a URL and its events.
        Assert.Equal(["text", "to"], Required("SendMessageBody"));
        Assert.Equal(["events", "url"], Required("WebhookBody"));

        // And no request schema demands a property it allows to be null: null and absent mean "not given" to the gateway.
        var bodies = contract.Operations
            .Select(o => o.Operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>())
            .OfType<string>().Select(r => r.Split('/')[^1]).Distinct().ToList();
        Assert.True(bodies.Count > 10, $"only {bodies.Count} request schemas");
        var wrong = from name in bodies.SelectMany(Reachable).Distinct()
                    let schema = Component(name)
                    from required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []
                    where Nullable(schema["properties"]?[required])
                    select $"{name}.{required}";
        Assert.Empty(wrong);
    }

    [Fact]
    public void EveryRoute_IsInTheDocument_OrLeftOutOnPurpose()
    {
        var documented = contract.Operations.Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var routes = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{Constraint().Replace(e.RoutePattern.RawText!.TrimStart('/'), "{$1}")}"))
            .Distinct().ToList();
        Assert.Contains("POST /api/v1/messages", routes);

        var undocumented = routes.Where(r => !documented.Contains(r) && !LeftOut.Any(l => r == l.Route || (l.Route.EndsWith('*') && r.StartsWith(l.Route[..^1], StringComparison.Ordinal)))).ToList();
        Assert.True(undocumented.Count == 0, "routes missing from /openapi/v1.json (document them, or add them to LeftOut with the reason): " + string.Join(", ", undocumented));

        // The list stays true too: every route left out still exists.
        Assert.All(LeftOut, l => Assert.Contains(routes, r => r == l.Route || (l.Route.EndsWith('*') && r.StartsWith(l.Route[..^1], StringComparison.Ordinal))));
    }

    /// <summary>Routes the API document leaves out on purpose, each with why.</summary>
    private static readonly (string Route, string Why)[] LeftOut =
    [
        ("PUT /api/v1/contacts/{externalId}", "the first form of the upsert by the shop's id; still answers for old clients, documented as PUT …/by-external-id/{externalId} (the same shape as GET /contacts/{id} to a client)"),
        ("GET /s/{code}", "public short link for phones, not API"),
        ("GET /l/{code}", "public landing page for phones, not API"),
        ("* /metrics", "Prometheus exposition (any method), not JSON API"),
        ("GET /openapi/{documentName}.json", "the document itself"),
        ("* /hubs/gateway*", "SignalR hub and its negotiation"),
        ("GET /scalar*", "the interactive reference's pages"),
    ];

    [Fact]
    public async Task TheJudge_RefusesAnUndocumentedStatus_ABodyOfTheWrongShape_AnEmptyOne_ARaggedCsv_AndAnUndocumentedRequest()
    {
        static HttpResponseMessage Answer(HttpStatusCode status, string body) => new(status)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/v1/messages/1"),
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };

        Assert.Contains("status not documented", Assert.Single(await contract.ViolationsAsync(Answer(HttpStatusCode.Gone, "{}"))), StringComparison.Ordinal);
        Assert.Contains("does not match", Assert.Single(await contract.ViolationsAsync(Answer(HttpStatusCode.OK, "{\"id\":\"one\",\"status\":\"lost\"}"))), StringComparison.Ordinal);
        Assert.Contains("is not documented", Assert.Single(await contract.ViolationsAsync(new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/v1/messages/1"),
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        })), StringComparison.Ordinal);

        // Nothing is not a message: an empty answer where the document promises one.
        Assert.Contains("an empty body", Assert.Single(await contract.ViolationsAsync(Answer(HttpStatusCode.OK, string.Empty))), StringComparison.Ordinal);

        // A CSV answer is at least a table under a header row.
        static HttpResponseMessage Csv(string body) => new(HttpStatusCode.OK)
        {
            RequestMessage = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/v1/contacts/export"),
            Content = new StringContent(body, System.Text.Encoding.UTF8, "text/csv"),
        };
        Assert.Empty(await contract.ViolationsAsync(Csv("id,phone,note\n1,+39347,\"two, \"\"quoted\"\"\nlines\"\n")));
        Assert.Contains("fields, the header", Assert.Single(await contract.ViolationsAsync(Csv("id,phone\n1,+39347,extra\n"))), StringComparison.Ordinal);
        Assert.Contains("names a column twice", Assert.Single(await contract.ViolationsAsync(Csv("id,id\n1,2\n"))), StringComparison.Ordinal);

        // A request the gateway took must be one the document describes.
        Assert.Empty(contract.RequestViolations("POST", "/api/v1/messages", "application/json", "{\"to\":\"+393471234567\",\"text\":\"hi\"}"));
        Assert.Contains("does not match", Assert.Single(contract.RequestViolations("POST", "/api/v1/messages", "application/json", "{\"text\":\"no recipient\"}")), StringComparison.Ordinal);
        Assert.Contains("is not documented", Assert.Single(contract.RequestViolations("POST", "/api/v1/messages", "text/plain", "to=1")), StringComparison.Ordinal);
    }

    private bool SaysSomething(JsonNode? schema)
    {
        if (schema?["$ref"]?.GetValue<string>() is { } reference)
        {
            return SaysSomething(Component(reference.Split('/')[^1]));
        }

        return schema is JsonObject o && new[] { "type", "properties", "items", "oneOf", "anyOf", "allOf", "enum", "const", "additionalProperties" }.Any(o.ContainsKey);
    }

    private JsonObject Component(string name) => contract.Document["components"]!["schemas"]![name]!.AsObject();

    private string[] Required(string schema) => [.. (Component(schema)["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal)];

    /// <summary>The schema and every component schema its properties refer to, however deep.</summary>
    private IEnumerable<string> Reachable(string name)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([name]);
        while (queue.TryDequeue(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            foreach (Match m in Regex.Matches(Component(next).ToJsonString(), "#/components/schemas/([A-Za-z0-9_]+)"))
            {
                queue.Enqueue(m.Groups[1].Value);
            }
        }

        return seen;
    }

    private static bool Nullable(JsonNode? property) => property switch
    {
        null => false,
        JsonObject o when o["type"] is JsonArray types => types.Any(t => t!.GetValue<string>() == "null"),
        JsonObject o when o["type"]?.GetValue<string>() == "null" => true,
        JsonObject o when o["oneOf"] is JsonArray options => options.Any(Nullable),
        JsonObject o when o["anyOf"] is JsonArray options => options.Any(Nullable),
        _ => false,
    };

    [GeneratedRegex(@"\{([^}:?=*]+)[^}]*\}")]
    private static partial Regex Constraint();

    private static string[] Strings(JsonNode array) => [.. array.AsArray().Select(v => v!.GetValue<string>())];

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new();

        public OpenApiContract Contract { get; private set; } = null!;

        public async Task InitializeAsync() => Contract = await OpenApiContract.LoadAsync(Factory.CreateClient());

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
