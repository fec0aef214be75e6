using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The gateway's own OpenAPI document, and the judge of a real answer against it: the status code must be
/// documented for the operation that answered, the content type too, and the body must validate against
/// the documented schema (refs into #/components/schemas resolved as JSON Schema $defs).
/// </summary>
public sealed class OpenApiContract
{
    private readonly JsonObject components;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();
    private readonly SchemaRegistry registry = new();
    private readonly List<(Regex Pattern, int Literals, string Path)> templates;

    public OpenApiContract(JsonObject document)
    {
        Document = document;
        components = document["components"]?["schemas"]?.AsObject() ?? [];
        templates = [.. Paths.Select(p => (Template(p), p.Split('/').Count(s => s.Length > 0 && !s.StartsWith('{')), p))];
    }

    public JsonObject Document { get; }

    public IEnumerable<string> Paths => Document["paths"]!.AsObject().Select(p => p.Key);

    /// <summary>Every operation: its method (upper case), path template and object.</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations =>
        from path in Document["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where op.Key != "parameters"
        select (op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject());

    public static async Task<OpenApiContract> LoadAsync(HttpClient anonymous)
    {
        var text = await anonymous.GetStringAsync("/openapi/v1.json");
        return new OpenApiContract(JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The operation that a request to <paramref name="path"/> reaches (a literal segment beats a parameter, as in routing).</summary>
    public (string Template, JsonObject Operation)? Find(string method, string path)
    {
        var match = templates.Where(t => t.Pattern.IsMatch(path)).OrderByDescending(t => t.Literals)
            .Select(t => t.Path).FirstOrDefault(p => Document["paths"]![p]![method.ToLowerInvariant()] is not null);
        return match is null ? null : (match, Document["paths"]![match]![method.ToLowerInvariant()]!.AsObject());
    }

    /// <summary>Checks a real answer; returns the reasons it breaks the document (none: it keeps it).</summary>
    public async Task<IReadOnlyList<string>> ViolationsAsync(HttpResponseMessage response)
    {
        var request = response.RequestMessage!;
        var method = request.Method.Method;
        var path = request.RequestUri!.AbsolutePath;
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var where = $"{method} {path} → {status}";
        if (Find(method, path) is not { } found)
        {
            return [$"{where}: no operation in the document"];
        }

        var documented = found.Operation["responses"]?[status] ?? found.Operation["responses"]?["default"];
        if (documented is null)
        {
            return [$"{where}: status not documented for {found.Operation["operationId"]} (documented: {string.Join(", ", found.Operation["responses"]!.AsObject().Select(r => r.Key))})"];
        }

        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0)
        {
            return [];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        var content = documented["content"]?.AsObject();
        if (content is null || !content.ContainsKey(mediaType))
        {
            return [$"{where}: a '{mediaType}' body is not documented (documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])})"];
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || content[mediaType]?["schema"] is not { } schema)
        {
            return [];
        }

        var results = Compile(schema).Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [$"{where}: the body does not match {schema.ToJsonString()}: {string.Join("; ", Errors(results).Take(5))}\n{Truncate(body)}"];
    }

    /// <summary>Fails the test, naming each violation, unless the answer keeps the document.</summary>
    public async Task AssertKeptAsync(HttpResponseMessage response)
    {
        var violations = await ViolationsAsync(response);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private JsonSchema Compile(JsonNode schema) => schemas.GetOrAdd(schema.ToJsonString(), text =>
    {
        // OpenAPI 3.1 schemas are JSON Schema 2020-12; the components become $defs next to the schema.
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = JsonNode.Parse(components.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal)),
            ["allOf"] = new JsonArray(JsonNode.Parse(text.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))),
        };
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = registry }, new Uri($"https://reengage.test/schemas/{schemas.Count}-{Guid.NewGuid():N}"));
    });

    private static IEnumerable<string> Errors(EvaluationResults results) =>
        (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"));

    private static string Truncate(string body) => body.Length > 600 ? body[..600] + "…" : body;

    private static Regex Template(string path) =>
        new("^" + Regex.Replace(Regex.Escape(path), @"\\\{[^/]+?\}", "[^/]+") + "$", RegexOptions.CultureInvariant);
}

/// <summary>An HttpClient that checks every answer against the document as it arrives.</summary>
internal sealed class ContractCheckingHandler(OpenApiContract contract, List<string> violations) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var found = await contract.ViolationsAsync(response);
        lock (violations)
        {
            violations.AddRange(found);
        }

        return response;
    }

    public static HttpClient Client(GatewayFactory factory, OpenApiContract contract, List<string> violations, string? key = GatewayFactory.Key)
    {
        var client = factory.CreateDefaultClient(new ContractCheckingHandler(contract, violations));
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
