using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>
/// Runs a scenario of tests/smpp-client (node-smpp, the npm package smpp 0.5.1) against a gateway's SMPP port and
/// reads the JSON it prints last. A scenario that prints "ready" on a line of its own (its binds are up) gets
/// <c>whenReady</c> run then. Without node or the package: null (the test passes as skipped), unless
/// REENGAGE_REQUIRE_TOOLS=1 (CI), where it fails.
/// </summary>
internal static class NodeSmppClient
{
    private static readonly string ClientFolder = Path.Combine(OpenApiSnapshotTests.Root, "tests", "smpp-client");

    public static async Task<JsonElement?> RunAsync(int port, string scenario, Dictionary<string, string> environment, Func<Task>? whenReady = null)
    {
        var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(f => Path.Combine(f, "node")).FirstOrDefault(File.Exists);
        if (node is null || !Directory.Exists(Path.Combine(ClientFolder, "node_modules", "smpp")))
        {
            // .ci/run installs node and runs npm ci there: in CI a missing client is a failure, not a pass.
            Assert.False(Environment.GetEnvironmentVariable("REENGAGE_REQUIRE_TOOLS") == "1", "node-smpp is not installed: run 'npm ci' in tests/smpp-client (node and npm needed)");
            return null;
        }

        var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ClientFolder };
        foreach (var argument in new[] { "client.js", scenario, port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = ReadAsync(process.StandardOutput, whenReady);
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"node client.js {scenario} failed (exit {process.ExitCode}):\n{await stderr}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    private static async Task<string> ReadAsync(StreamReader output, Func<Task>? whenReady)
    {
        var last = "";
        while (await output.ReadLineAsync() is { } line)
        {
            if (line == "ready" && whenReady is not null)
            {
                await whenReady();
            }
            else if (line.Length > 0)
            {
                last = line;
            }
        }

        return last;
    }
}
