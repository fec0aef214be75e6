using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ReEngage.Gateway.Tests;

/// <summary>What an integrator's tooling needs from /openapi/v1.json before any call is made.</summary>
public sealed partial class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.Gateway>
{
    // Routes that act on what the path names and take no body.
    private static readonly string[] Actions = ["cancel", "activate", "pause", "resume", "reinitialize", "run", "test", "rotate-secret", "redeliver"];

    private readonly OpenApiContract contract;

    public OpenApiDocumentTests(Gateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
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
        Assert.Null(contract.Document["paths"]!["/healthz"]!["get"]!["security"]);
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
    public async Task TheJudge_RefusesAnUndocumentedStatus_AndABodyOfTheWrongShape()
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
    }

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
