using System.Diagnostics;

namespace ReEngage.Gateway.Tests;

/// <summary>/metrics passes Prometheus' own linter (promtool check metrics): names, units, HELP and TYPE as Prometheus expects.</summary>
public sealed class MetricsLintTests : IAsyncLifetime
{
    private readonly GatewayFactory factory = new();

    public Task InitializeAsync() => factory.WaitForModemsAsync();

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task AScrapeAfterTraffic_IsCleanForPromtool()
    {
        var promtool = Promtool();
        if (promtool is null)
        {
            // .ci/run installs it (Debian's prometheus package): in CI a missing promtool is a failure, not a pass.
            Assert.False(RequiresTools, "promtool is not installed; .ci/run installs Debian's prometheus package for it");
            return;
        }

        // Every kind of series present: a sent and delivered message, API requests, webhooks.
        using var api = factory.Api();
        await api.WaitForStatusAsync(await api.SendAsync(new { to = "+393471234567", text = "lint me" }), "delivered");
        await api.GetAsync("/api/v1/webhooks");
        var scrape = await factory.CreateClient().GetStringAsync("/metrics");

        using var process = Process.Start(new ProcessStartInfo(promtool, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(process.ExitCode == 0, $"promtool check metrics exited {process.ExitCode}:\n{await output}{await errors}");
        Assert.Equal(string.Empty, (await output + await errors).Trim());
    }

    private static bool RequiresTools =>
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1")
        || Environment.GetEnvironmentVariable("REENGAGE_REQUIRE_TOOLS") == "1";

    private static string? Promtool() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "promtool")).FirstOrDefault(File.Exists);
}
