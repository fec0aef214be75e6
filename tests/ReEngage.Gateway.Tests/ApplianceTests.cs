using System.Diagnostics;

namespace ReEngage.Gateway.Tests;

/// <summary>The appliance files: the systemd unit passes systemd-analyze, install.sh installs into a throw-away root.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApplianceTests : IDisposable
{
    private static readonly string Repo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
    private readonly string root = Directory.CreateTempSubdirectory("reengage-root-").FullName;
    private readonly string build = Directory.CreateTempSubdirectory("reengage-build-").FullName;

    public ApplianceTests()
    {
        // A stand-in for a published build: the installer only needs the executable to be there.
        var exe = Path.Combine(build, "ReEngage.Gateway");
        File.WriteAllText(exe, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllText(Path.Combine(build, "appsettings.json"), "{}");
    }

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        Directory.Delete(build, recursive: true);
    }

    [Fact]
    public async Task Install_IntoARoot_PutsEverythingInPlace_KeepsSettingsOnUpgrade_AndUninstallKeepsTheData()
    {
        var (exit, output) = await RunAsync("bash", Path.Combine(Repo, "systemd", "install.sh"), "--root", root, "--from", build);
        Assert.True(exit == 0, output);
        Assert.True(File.Exists(Path.Combine(root, "opt/reengage/ReEngage.Gateway")));
        Assert.True(File.Exists(Path.Combine(root, "etc/systemd/system/reengage-gateway.service")));
        Assert.True(File.Exists(Path.Combine(root, "etc/udev/rules.d/99-reengage-modems.rules")));
        Assert.True(File.Exists(Path.Combine(root, "etc/udev/rules.d/70-reengage-modemmanager.rules")));
        Assert.Equal("/etc/reengage/appsettings.json", new FileInfo(Path.Combine(root, "opt/reengage/appsettings.Production.json")).LinkTarget);

        // An operator edits the settings; an upgrade must keep them.
        var settings = Path.Combine(root, "etc/reengage/appsettings.json");
        File.WriteAllText(settings, "{\"Gateway\":{\"DefaultRegion\":\"IT\"}}");
        File.WriteAllText(Path.Combine(build, "new-file.txt"), "v2");
        (exit, output) = await RunAsync("bash", Path.Combine(Repo, "systemd", "install.sh"), "--root", root, "--from", build);
        Assert.True(exit == 0, output);
        Assert.Contains("\"IT\"", File.ReadAllText(settings), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "opt/reengage/new-file.txt")));

        Directory.CreateDirectory(Path.Combine(root, "var/lib/reengage"));
        File.WriteAllText(Path.Combine(root, "var/lib/reengage/gateway.db"), "data");
        (exit, output) = await RunAsync("bash", Path.Combine(Repo, "systemd", "install.sh"), "--root", root, "--uninstall");
        Assert.True(exit == 0, output);
        Assert.False(Directory.Exists(Path.Combine(root, "opt/reengage")));
        Assert.False(File.Exists(Path.Combine(root, "etc/systemd/system/reengage-gateway.service")));
        Assert.True(File.Exists(Path.Combine(root, "var/lib/reengage/gateway.db")));
        Assert.True(File.Exists(settings));
    }

    [Fact]
    public async Task Install_WithoutABuild_SaysHowToMakeOne()
    {
        var (exit, output) = await RunAsync("bash", Path.Combine(Repo, "systemd", "install.sh"), "--root", root, "--from", Path.Combine(root, "nothing"));
        Assert.Equal(2, exit);
        Assert.Contains("dotnet publish", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unit_PassesSystemdAnalyzeVerify_WithoutWarnings()
    {
        Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is needed (Debian package systemd)");
        var (exit, output) = await RunAsync("bash", Path.Combine(Repo, "systemd", "install.sh"), "--root", root, "--from", build);
        Assert.True(exit == 0, output);

        // systemd needs its own units inside the root to resolve dependencies such as sysinit.target.
        (exit, output) = await RunAsync("cp", "-a", "/usr/lib/systemd/system", Path.Combine(root, "usr/lib/systemd/"), mkdirFirst: Path.Combine(root, "usr/lib/systemd"));
        Assert.True(exit == 0, output);
        (exit, output) = await RunAsync("systemd-analyze", "verify", $"--root={root}", "/etc/systemd/system/reengage-gateway.service");

        // verify exits 0 even for a setting it ignores: any line that names the unit is a failure.
        Assert.True(exit == 0, output);
        Assert.DoesNotContain(output.Split('\n'), line => line.Contains("reengage-gateway", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("60000000", 20.0)]
    [InlineData("300000", 0.1)]
    [InlineData(null, null)]
    [InlineData("0", null)]
    [InlineData("soon", null)]
    public void Watchdog_PingsThreeTimesPerPeriod(string? usec, double? seconds) =>
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), Hosting.SystemdWatchdog.Interval(usec));

    private static async Task<(int Exit, string Output)> RunAsync(string file, string a, string b, string c, string? d = null, string? e = null, string? mkdirFirst = null)
    {
        if (mkdirFirst is not null)
        {
            Directory.CreateDirectory(mkdirFirst);
        }

        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { a, b, c, d, e }.Where(x => x is not null))
        {
            start.ArgumentList.Add(argument!);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
