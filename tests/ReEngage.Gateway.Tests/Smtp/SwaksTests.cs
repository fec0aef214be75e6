using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ReEngage.Gateway.Tests.Smtp;

/// <summary>
/// Debian's swaks (a process, an SMTP client written by others) against the real gateway, with the README's
/// command line. Without swaks the tests pass as skipped, unless REENGAGE_REQUIRE_TOOLS=1 (CI, whose .ci/run installs it).
/// </summary>
public sealed partial class SwaksTests(SmtpGateway gateway) : IClassFixture<SmtpGateway>
{
    [Fact]
    public async Task The_readme_line_sends_one_sms_per_recipient_over_starttls_with_login_auth()
    {
        if (await SwaksAsync("--to", "00393471234580@sms.local,3471234581@sms.local", "--auth-password", GatewayFactory.Key) is not { } run)
        {
            return;
        }

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("STARTTLS", run.Output, StringComparison.Ordinal);
        var reply = StoredReply().Match(run.Output);
        Assert.True(reply.Success, run.Output);
        var stored = await gateway.StoredAsync(reply.Value);
        Assert.Equal(["+393471234580", "+393471234581"], stored.Select(m => m.To));
        Assert.All(stored, m => Assert.Equal("Alarm\nDoor open in zone 3", m.Text));
    }

    [Fact]
    public async Task A_wrong_key_fails_authentication()
    {
        if (await SwaksAsync("--to", "00393471234580@sms.local", "--auth-password", "rk_wrong") is not { } run)
        {
            return;
        }

        // swaks: 28 = the server refused the authentication.
        Assert.True(run.ExitCode == 28, run.Output);
        Assert.Contains("535", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_that_is_not_a_number_is_refused_with_the_reason()
    {
        if (await SwaksAsync("--to", "frontdesk@sms.local", "--auth-password", GatewayFactory.Key) is not { } run)
        {
            return;
        }

        // swaks: 24 = no recipient was accepted.
        Assert.True(run.ExitCode == 24, run.Output);
        Assert.Contains("550 5.1.1 <frontdesk@sms.local>: 'frontdesk' is not a phone number", run.Output, StringComparison.Ordinal);
    }

    // Numbers as 0039…: swaks reads any argument starting with "+" as an option, even after "--to=".
    private async Task<(int ExitCode, string Output)?> SwaksAsync(params string[] arguments)
    {
        var swaks = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(f => Path.Combine(f, "swaks")).FirstOrDefault(File.Exists);
        if (swaks is null)
        {
            // .ci/run installs Debian's swaks: in CI a missing client is a failure, not a pass.
            Assert.False(Environment.GetEnvironmentVariable("REENGAGE_REQUIRE_TOOLS") == "1", "swaks is not installed: apt-get install swaks");
            return null;
        }

        // The README's line, on the test's port.
        var start = new ProcessStartInfo(swaks) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] readme = ["--server", $"127.0.0.1:{gateway.Port.ToString(CultureInfo.InvariantCulture)}", "--tls", "--auth", "LOGIN", "--auth-user", "panel",
            "--from", "alarm@example.com", "--header", "Subject: Alarm", "--body", "Door open in zone 3"];
        foreach (var argument in readme.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"Stored as SMS message [0-9, ]+")]
    private static partial Regex StoredReply();
}
