using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// The served /openapi/v1.json passes Redocly's recommended ruleset and Spectral's spectral:oas with no error:
/// what integrators' own tooling will run on it. The two CLIs are pinned in tests/openapi-lint (package.json and
/// its lock file; .ci/run installs them with npm ci), the rulesets beside them say why each remaining warning stays.
/// </summary>
public sealed class OpenApiLintTests : IClassFixture<OpenApiSnapshotTests.Gateway>
{
    private static readonly string Tools = Path.Combine(OpenApiSnapshotTests.Root, "tests", "openapi-lint");
    private readonly OpenApiSnapshotTests.Gateway fixture;

    public OpenApiLintTests(OpenApiSnapshotTests.Gateway fixture) => this.fixture = fixture;

    [Fact]
    public async Task Redocly_RecommendedRules_FindNoError()
    {
        if (Tool("redocly") is not { } redocly)
        {
            return;
        }

        var (exitCode, output) = await LintAsync(redocly, RedoclyArguments, await ServedDocumentAsync());
        Assert.True(exitCode == 0, $"redocly lint found errors in the served document (exit {exitCode}):\n{output}");
    }

    [Fact]
    public async Task Spectral_OasRules_FindNoError()
    {
        if (Tool("spectral") is not { } spectral)
        {
            return;
        }

        var (exitCode, output) = await LintAsync(spectral, SpectralArguments, await ServedDocumentAsync());
        Assert.True(exitCode == 0, $"spectral lint found errors in the served document (exit {exitCode}):\n{output}");
    }

    /// <summary>The two above can fail: a server URL ending in "/" and an array without items are errors to them.</summary>
    [Fact]
    public async Task BothLinters_RefuseABrokenDocument()
    {
        if (Tool("redocly") is not { } redocly || Tool("spectral") is not { } spectral)
        {
            return;
        }

        var document = JsonNode.Parse(await ServedDocumentAsync())!.AsObject();
        document["servers"] = new JsonArray(new JsonObject { ["url"] = "http://gateway.lan/" });
        document["components"]!["schemas"]!["MessageError"]!["properties"]!["code"] = new JsonObject { ["type"] = "array" };
        var broken = document.ToJsonString();

        var (redoclyExit, redoclyOutput) = await LintAsync(redocly, RedoclyArguments, broken);
        Assert.True(redoclyExit != 0 && redoclyOutput.Contains("no-server-trailing-slash", StringComparison.Ordinal), $"redocly passed a broken document (exit {redoclyExit}):\n{redoclyOutput}");
        var (spectralExit, spectralOutput) = await LintAsync(spectral, SpectralArguments, broken);
        Assert.True(spectralExit != 0 && spectralOutput.Contains("array-items", StringComparison.Ordinal), $"spectral passed a broken document (exit {spectralExit}):\n{spectralOutput}");
    }

    private static string[] RedoclyArguments(string path) => ["lint", "--extends=recommended", "--config", Path.Combine(Tools, "redocly.yaml"), "--format=stylish", path];

    private static string[] SpectralArguments(string path) => ["lint", "--ruleset", Path.Combine(Tools, ".spectral.yaml"), "--fail-severity=error", "--format=text", path];

    /// <summary>The document as a client gets it, servers entry included (a linter checks that too).</summary>
    private async Task<string> ServedDocumentAsync() => await fixture.Factory.CreateClient().GetStringAsync("/openapi/v1.json");

    /// <summary>Lints <paramref name="document"/> from a file of its own (the linters take a path), removed afterwards.</summary>
    private static async Task<(int ExitCode, string Output)> LintAsync(string tool, Func<string, string[]> arguments, string document)
    {
        var folder = Directory.CreateTempSubdirectory("reengage-openapi-lint-");
        try
        {
            var path = Path.Combine(folder.FullName, "v1.json");
            await File.WriteAllTextAsync(path, document);
            return await RunAsync(tool, arguments(path));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The CLI from tests/openapi-lint/node_modules, or null (the test passes as skipped) unless tools are required.</summary>
    private static string? Tool(string name)
    {
        var path = Path.Combine(Tools, "node_modules", ".bin", name);
        if (File.Exists(path) && Node() is not null)
        {
            return path;
        }

        // .ci/run installs node and runs npm ci there: in CI a missing linter is a failure, not a pass.
        Assert.False(Environment.GetEnvironmentVariable("REENGAGE_REQUIRE_TOOLS") == "1", $"{name} is not installed: run 'npm ci' in tests/openapi-lint (node and npm needed)");
        return null;
    }

    private static string? Node() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "node")).FirstOrDefault(File.Exists);

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Tools,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry or update checks from a test run (and none that wait on a network CI may not have).
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await errors);
    }
}
