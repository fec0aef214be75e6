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
        var content = documented["content"]?.AsObject();
        if (body.Length == 0)
        {
            // No body is right only where the document promises none: an empty answer must not pass for a
            // documented object (or list, or CSV file).
            return content is { Count: > 0 } ? [$"{where}: an empty body, but the document promises {string.Join(", ", content.Select(c => c.Key))}"] : [];
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
        if (content is null || !content.ContainsKey(mediaType))
        {
            return [$"{where}: a '{mediaType}' body is not documented (documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])})"];
        }

        if (mediaType == "text/csv")
        {
            return CsvViolations(where, body);
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

    /// <summary>
    /// Checks a request body the gateway accepted against the operation's requestBody: a body the gateway
    /// takes but the document refuses (a field marked required that is not, a property it does not list)
    /// means the document misleads generated clients.
    /// </summary>
    public IReadOnlyList<string> RequestViolations(string method, string path, string? mediaType, string body)
    {
        var where = $"{method} {path} request";
        if (Find(method, path) is not { } found)
        {
            return [$"{where}: no operation in the document"];
        }

        var content = found.Operation["requestBody"]?["content"]?.AsObject();
        if (content is null || mediaType is null || !content.ContainsKey(mediaType))
        {
            return [$"{where}: a '{mediaType}' body is not documented (documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])})"];
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || content[mediaType]?["schema"] is not { } schema)
        {
            return [];
        }

        var results = Compile(schema).Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid ? [] : [$"{where}: the body does not match {schema.ToJsonString()}: {string.Join("; ", Errors(results).Take(5))}\n{Truncate(body)}"];
    }

    /// <summary>
    /// Checks a webhook request the gateway sent against the document's <c>webhooks</c> entry for its event:
    /// every required header present (and matching its pattern), the body valid against the entry's schema.
    /// </summary>
    public IReadOnlyList<string> WebhookViolations(string eventName, Func<string, string?> header, string body)
    {
        var where = $"webhook {eventName}";
        if (Document["webhooks"]?[eventName]?["post"] is not JsonObject operation)
        {
            return [$"{where}: no POST under webhooks in the document"];
        }

        var problems = new List<string>();
        foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>().Where(p => p["in"]?.GetValue<string>() == "header") ?? [])
        {
            var name = parameter["name"]!.GetValue<string>();
            var value = header(name);
            if (value is null)
            {
                if (parameter["required"]?.GetValue<bool>() == true)
                {
                    problems.Add($"{where}: the required header {name} was not sent");
                }
            }
            else if (parameter["schema"]?["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant))
            {
                problems.Add($"{where}: header {name} '{value}' does not match {pattern}");
            }
        }

        if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema)
        {
            return [.. problems, $"{where}: no application/json body documented"];
        }

        var results = Compile(schema).Evaluate(JsonDocument.Parse(body).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            problems.Add($"{where}: the body does not match {schema.ToJsonString()}: {string.Join("; ", Errors(results).Take(5))}\n{Truncate(body)}");
        }

        return problems;
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

    /// <summary>The document says nothing about a CSV file's columns; at least it must be a table: a header row of distinct names, every row as wide.</summary>
    private static List<string> CsvViolations(string where, string body)
    {
        var rows = Csv(body);
        if (rows.Count == 0 || rows[0].Count == 0 || rows[0].Any(string.IsNullOrWhiteSpace))
        {
            return [$"{where}: a CSV body without a header row\n{Truncate(body)}"];
        }

        var header = rows[0];
        var problems = new List<string>();
        if (header.Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            problems.Add($"{where}: CSV header names a column twice: {string.Join(",", header)}");
        }

        problems.AddRange(rows.Skip(1).Select((row, i) => (row, i)).Where(r => r.row.Count != header.Count)
            .Select(r => $"{where}: CSV row {r.i + 2} has {r.row.Count} fields, the header {header.Count}"));
        return problems;
    }

    /// <summary>RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks.</summary>
    internal static List<List<string>> Csv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }

    private static string Truncate(string body) => body.Length > 600 ? body[..600] + "…" : body;

    private static Regex Template(string path) =>
        new("^" + Regex.Replace(Regex.Escape(path), @"\\\{[^/]+?\}", "[^/]+") + "$", RegexOptions.CultureInvariant);
}

/// <summary>
/// An HttpClient that checks every answer against the document as it arrives, and the body of every
/// request the gateway accepted (2xx) against the operation's requestBody. Operations answered with a 2xx
/// that kept the document are added to <paramref name="covered"/> (by operationId), when given.
/// </summary>
internal sealed class ContractCheckingHandler(OpenApiContract contract, List<string> violations, ConcurrentDictionary<string, int>? covered = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? requestBody = null;
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            requestBody = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var found = (await contract.ViolationsAsync(response)).ToList();
        var method = request.Method.Method;
        var path = request.RequestUri!.AbsolutePath;
        if (response.IsSuccessStatusCode && requestBody is { Length: > 0 })
        {
            found.AddRange(contract.RequestViolations(method, path, request.Content!.Headers.ContentType?.MediaType, requestBody));
        }

        lock (violations)
        {
            violations.AddRange(found);
        }

        if (covered is not null && response.IsSuccessStatusCode && found.Count == 0 && contract.Find(method, path) is { } operation)
        {
            covered.AddOrUpdate(operation.Operation["operationId"]!.GetValue<string>(), 1, (_, n) => n + 1);
        }

        return response;
    }

    public static HttpClient Client(GatewayFactory factory, OpenApiContract contract, List<string> violations, string? key = GatewayFactory.Key, ConcurrentDictionary<string, int>? covered = null)
    {
        var client = factory.CreateDefaultClient(new ContractCheckingHandler(contract, violations, covered));
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
