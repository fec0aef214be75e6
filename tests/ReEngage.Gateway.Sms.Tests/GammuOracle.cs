using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReEngage.Gateway.Sms.Tests;

/// <summary>Runs Gammu (Debian's python3-gammu) as the reference decoder and encoder.</summary>
internal static class GammuOracle
{
    private const string Python = "/usr/bin/python3";

    public static JsonObject Run(JsonObject request)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "gammu_oracle.py");
        var start = new ProcessStartInfo(Python, [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill();
            throw new TimeoutException("gammu_oracle.py did not finish in 5 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"gammu_oracle.py failed ({process.ExitCode}). The differential tests need Debian's python3-gammu: apt-get install python3-gammu.\n{stderr.GetAwaiter().GetResult()}");
        }

        return JsonNode.Parse(stdout.GetAwaiter().GetResult())!.AsObject();
    }

    public static JsonArray Decode(IEnumerable<string> pdus) =>
        Run(new JsonObject { ["decode"] = new JsonArray([.. pdus.Select(p => (JsonNode?)JsonValue.Create(p))]) })["decoded"]!.AsArray();

    public static JsonArray Generate(int seed, int count) =>
        Run(new JsonObject { ["generate"] = new JsonObject { ["seed"] = seed, ["count"] = count } })["generated"]!.AsArray();

    public static string? Str(this JsonNode? node, string name) => node?[name]?.GetValueKind() == JsonValueKind.Null ? null : node?[name]?.GetValue<string>();

    public static int? Int(this JsonNode? node, string name) => node?[name]?.GetValueKind() is JsonValueKind.Number ? node[name]!.GetValue<int>() : null;
}
