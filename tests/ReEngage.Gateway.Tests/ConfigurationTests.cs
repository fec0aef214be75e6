using System.Diagnostics;

namespace ReEngage.Gateway.Tests;

/// <summary>What an operator sees when a setting is wrong: the gateway process refuses to start and names the key.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Gateway:MaxParts=12", "Gateway:MaxParts must be between 1 and 10")]
    [InlineData("--Gateway:DefaultRegion=Italy", "Gateway:DefaultRegion 'Italy'")]
    [InlineData("--Gateway:QuietHours:TimeZone=Mars/Olympus", "Gateway:QuietHours:TimeZone 'Mars/Olympus'")]
    [InlineData("--Gateway:Api:BootstrapKey=short", "Gateway:Api:BootstrapKey")]
    [InlineData("--Gateway:Modems:0:Name=usb-1", "Gateway:Modems:0:Device is required")]
    [InlineData("--Gateway:Database:Provider=Mysql", "'Gateway:Database:Provider'")]
    [InlineData("--Gateway:Database:Provider=Postgres", "Gateway:Database:ConnectionString is required")]
    [InlineData("--Gateway:Node:Url=10.0.0.12:5080", "Gateway:Node:Url must be an absolute http://")]
    public async Task InvalidSetting_StopsStartUp_NamingTheKey(string setting, string message)
    {
        var data = Directory.CreateTempSubdirectory("reengage-config-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = data, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "ReEngage.Gateway.dll"), "--urls", $"http://127.0.0.1:{GatewayProcess.FreePort()}", $"--Gateway:DataDirectory={data}", setting })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var error = await stderr;
        Assert.Contains("configuration is invalid", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace for a settings mistake
        Directory.Delete(data, recursive: true);
    }
}
