using System.Diagnostics;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Modem.Transport;

namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>The result of running a program: its exit code and standard output; null exit when it could not be run.</summary>
internal sealed record CommandResult(int? Exit, string Output)
{
    public bool Ran => Exit is not null;
}

/// <summary>Everything the checks read from the machine, with the paths and programs replaceable for tests.</summary>
internal sealed class DoctorContext
{
    public string DevRoot { get; init; } = "/dev";

    public string ProcRoot { get; init; } = "/proc";

    public string SysRoot { get; init; } = "/sys";

    /// <summary>The settings file (/etc/reengage/appsettings.json); missing is fine.</summary>
    public string SettingsFile { get; init; } = "/etc/reengage/appsettings.json";

    /// <summary>--data, or null to find it (settings, then /var/lib/reengage, then ./data).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>--url, or null to take it from the settings (Urls), else http://localhost:5080.</summary>
    public string? Url { get; init; }

    /// <summary>Devices to check beside those found (--device).</summary>
    public IReadOnlyList<string> ExtraDevices { get; init; } = [];

    public TimeSpan AtTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The user whose access to the ports counts beside the caller's: the service's.</summary>
    public string ServiceUser { get; init; } = "reengage";

    /// <summary>Runs a program (systemctl, timedatectl, dmesg, stat, id); replaced in tests.</summary>
    public Func<string, IReadOnlyList<string>, CancellationToken, Task<CommandResult>> Run { get; init; } = RunProcessAsync;

    /// <summary>Devices found by the modem check, shared with the later ones.</summary>
    public List<SerialDevice> Devices { get; } = [];

    /// <summary>Devices another process holds, or the caller cannot open: no AT check on them.</summary>
    public HashSet<string> Unreachable { get; } = new(StringComparer.Ordinal);

    private JsonObject? settings;

    /// <summary>The settings file's JSON (comments allowed, as the gateway reads it), or an empty object.</summary>
    public JsonObject Settings => settings ??= ReadSettings(SettingsFile);

    /// <summary>A setting by its configuration path ("Gateway:DataDirectory"), case-insensitive as configuration is.</summary>
    public string? Setting(string path)
    {
        JsonNode? node = Settings;
        foreach (var part in path.Split(':'))
        {
            if (node is not JsonObject obj)
            {
                return null;
            }

            node = obj.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value;
        }

        return node is JsonValue value ? value.ToString() : null;
    }

    /// <summary>Where the gateway keeps gateway.db.</summary>
    public string ResolveDataDirectory()
    {
        if (DataDirectory is not null)
        {
            return DataDirectory;
        }

        if (Setting("Gateway:DataDirectory") is { Length: > 0 } configured && Path.IsPathRooted(configured))
        {
            return configured;
        }

        return Directory.Exists("/var/lib/reengage") ? "/var/lib/reengage" : Path.GetFullPath("data");
    }

    public string ResolveUrl()
    {
        var url = Url ?? Setting("Urls")?.Split(';')[0] ?? "http://localhost:5080";
        return url.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).TrimEnd('/');
    }

    private static JsonObject ReadSettings(string file)
    {
        try
        {
            return File.Exists(file)
                ? JsonNode.Parse(File.ReadAllText(file), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject ?? []
                : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return [];
        }
    }

    private static async Task<CommandResult> RunProcessAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return new CommandResult(null, string.Empty);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            _ = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return new CommandResult(null, string.Empty);
            }

            return new CommandResult(process.ExitCode, await output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new CommandResult(null, string.Empty); // not installed
        }
    }
}
