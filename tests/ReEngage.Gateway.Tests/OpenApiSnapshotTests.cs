using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The committed openapi/v1.json is what the gateway serves, and the generated client was made from it:
/// neither can go stale. REENGAGE_UPDATE_OPENAPI=1 rewrites the snapshot; openapi/generate-client.sh then
/// regenerates the client.
/// </summary>
public sealed class OpenApiSnapshotTests : IClassFixture<OpenApiSnapshotTests.Gateway>
{
    internal static readonly string Root = RepositoryRoot();
    private static readonly string Snapshot = Path.Combine(Root, "openapi", "v1.json");
    private readonly Gateway fixture;

    public OpenApiSnapshotTests(Gateway fixture) => this.fixture = fixture;

    [Fact]
    public async Task TheCommittedSnapshot_IsTheLiveDocument()
    {
        var live = JsonNode.Parse(await fixture.Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();

        // The servers entry names whichever host answered; clients set their own base address.
        live.Remove("servers");
        if (Environment.GetEnvironmentVariable("REENGAGE_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Snapshot, live.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Snapshot))!;
        var different = Differences(committed, live, string.Empty).Take(10).ToList();
        Assert.True(different.Count == 0, "openapi/v1.json is not what the gateway serves; run REENGAGE_UPDATE_OPENAPI=1 dotnet test --filter OpenApiSnapshotTests, then openapi/generate-client.sh. Differences at: " + string.Join(", ", different));
    }

    [Fact]
    public void TheGeneratedClient_WasGeneratedFromTheSnapshot()
    {
        var stamp = File.ReadAllText(Path.Combine(Root, "src", "ReEngage.Gateway.Client", "Generated", "openapi-v1.sha256")).Trim();
        Assert.True(stamp == Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Snapshot))), "The client was generated from another openapi/v1.json: run openapi/generate-client.sh.");
    }

    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string at)
    {
        if (expected is JsonObject a && actual is JsonObject b)
        {
            return a.Select(p => p.Key).Union(b.Select(p => p.Key)).SelectMany(key => Differences(a[key], b[key], $"{at}/{key}"));
        }

        return JsonNode.DeepEquals(expected, actual) ? [] : [at.Length == 0 ? "/" : at];
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ReEngage.Gateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (ReEngage.Gateway.sln) is not above " + AppContext.BaseDirectory);
    }

    public sealed class Gateway : IDisposable
    {
        public GatewayFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }
}
