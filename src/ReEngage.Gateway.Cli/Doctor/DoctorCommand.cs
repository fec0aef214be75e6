using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ReEngage.Gateway.Cli.Doctor;

/// <summary><c>reengage doctor</c>: the technician's first command. Exit code 0 all ok, 1 warnings, 2 failures.</summary>
internal static class DoctorCommand
{
    public static IReadOnlyList<IDoctorCheck> AllChecks() =>
    [
        new ModemsFoundCheck(), new PortAccessCheck(), new PortHolderCheck(), new ModemAtCheck(),
        new ServiceCheck(), new HealthCheck(), new DatabaseCheck(), new DiskSpaceCheck(), new ClockCheck(), new DiskErrorsCheck(),
    ];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = CliText.Get("One JSON object (verdict, exitCode, findings) for scripts, always in English.") };
        var url = new Option<string?>("--url") { Description = CliText.Get("The gateway's address for /healthz (default: Urls in the settings, else http://localhost:5080).") };
        var data = new Option<string?>("--data") { Description = CliText.Get("The gateway's data directory (default: Gateway:DataDirectory in the settings, else /var/lib/reengage, else ./data).") };
        var settings = new Option<string>("--settings") { Description = CliText.Get("The gateway's settings file."), DefaultValueFactory = _ => "/etc/reengage/appsettings.json" };
        var device = new Option<string[]>("--device") { Description = CliText.Get("A device to check beside those found (repeatable)."), AllowMultipleArgumentsPerToken = false };
        var only = new Option<string[]>("--only") { Description = CliText.Get("Run only these checks: modems, access, holders, at, service, health, database, disk, clock, disk-errors (repeatable).") };
        var timeout = new Option<double>("--timeout") { Description = CliText.Get("Seconds to wait for each AT answer."), DefaultValueFactory = _ => 3 };
        var dev = new Option<string>("--dev-root") { Description = CliText.Get("Device folder to scan."), DefaultValueFactory = _ => "/dev", Hidden = true };
        var command = new Command("doctor", CliText.Get("Check the modems, the service, the database, the disk and the clock; each finding with its fix. Exit code 0 ok, 1 warnings, 2 failures."))
        {
            json, url, data, settings, device, only, timeout, dev,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new DoctorContext
            {
                Url = parse.GetValue(url),
                DataDirectory = parse.GetValue(data),
                SettingsFile = parse.GetValue(settings)!,
                ExtraDevices = parse.GetValue(device) ?? [],
                AtTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                DevRoot = parse.GetValue(dev)!,
            };
            var selected = parse.GetValue(only) is { Length: > 0 } names ? names.SelectMany(n => n.Split(',')).ToHashSet(StringComparer.OrdinalIgnoreCase) : null;
            var checks = AllChecks();
            if (selected is not null && selected.FirstOrDefault(n => checks.All(c => !c.Name.Equals(n, StringComparison.OrdinalIgnoreCase))) is { } unknown)
            {
                parse.InvocationConfiguration.Error.WriteLine(CliText.Get("reengage: no check called '{0}' ({1})", unknown, "modems, access, holders, at, service, health, database, disk, clock, disk-errors"));
                return ExitCodes.Usage;
            }

            if (parse.GetValue(json))
            {
                // Scripts and bug reports read --json: its details and fixes stay English whatever LANG says
                // (the culture is this invocation's own: it flows into the checks and not back out).
                CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            }

            var findings = await RunAsync(context, checks.Where(c => selected is null || selected.Contains(c.Name)), cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            output.Write(parse.GetValue(json) ? Json(findings) + "\n" : Text(findings));
            return ExitCode(findings);
        });
        return command;
    }

    /// <summary>Runs the checks in order; the modem checks need the devices the first one found, so they never run in parallel.</summary>
    public static async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, IEnumerable<IDoctorCheck> checks, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var modemChecksWithoutDevices = false;
        foreach (var check in checks)
        {
            if (check is not ModemsFoundCheck && check.Name is "access" or "holders" or "at" && context.Devices.Count == 0 && !modemChecksWithoutDevices)
            {
                // Selected without "modems" (--only at): find the devices first, quietly.
                await new ModemsFoundCheck().RunAsync(context, cancellationToken);
                modemChecksWithoutDevices = true;
            }

            try
            {
                findings.AddRange(await check.RunAsync(context, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                findings.Add(Finding.Warn(check.Name, null, CliText.Get("the check itself failed: {0}: {1}", ex.GetType().Name, ex.Message), CliText.Get("Report this with the output of reengage doctor --json.")));
            }
        }

        return findings;
    }

    public static int ExitCode(IReadOnlyList<Finding> findings) =>
        findings.Any(f => f.Verdict == Verdict.Failure) ? 2 : findings.Any(f => f.Verdict == Verdict.Warning) ? 1 : 0;

    public static string Text(IReadOnlyList<Finding> findings)
    {
        var writer = new StringWriter();
        var labels = new[] { CliText.Get("ok"), CliText.Get("WARNING"), CliText.Get("FAILURE") };
        var labelWidth = labels.Max(l => l.Length) + 2;
        var fix = CliText.Get("fix: {0}", "\0");
        var checkWidth = findings.Select(f => f.Check.Length).DefaultIfEmpty(5).Max();
        var subjectWidth = findings.Select(f => Short(f.Subject).Length).DefaultIfEmpty(0).Max();
        foreach (var finding in findings)
        {
            var label = labels[(int)finding.Verdict];
            var line = $"{label.PadRight(labelWidth - 1)} {finding.Check.PadRight(checkWidth)}  {Short(finding.Subject).PadRight(subjectWidth)}  {finding.Detail}";
            writer.WriteLine(line.TrimEnd());
            if (finding.Fix is not null)
            {
                writer.WriteLine(new string(' ', labelWidth + checkWidth + 2 + subjectWidth + 2) + fix.Replace("\0", finding.Fix, StringComparison.Ordinal));
            }
        }

        var failures = findings.Count(f => f.Verdict == Verdict.Failure);
        var warnings = findings.Count(f => f.Verdict == Verdict.Warning);
        writer.WriteLine();
        writer.WriteLine(failures + warnings == 0 ? CliText.Get("all {0} checks ok", findings.Count) : CliText.Get("{0} failure(s), {1} warning(s), {2} ok", failures, warnings, findings.Count - failures - warnings));
        return writer.ToString();
    }

    public static string Json(IReadOnlyList<Finding> findings)
    {
        var code = ExitCode(findings);
        var array = new JsonArray();
        foreach (var f in findings)
        {
            array.Add(new JsonObject
            {
                ["check"] = f.Check,
                ["subject"] = f.Subject,
                ["verdict"] = Name(f.Verdict),
                ["detail"] = f.Detail,
                ["fix"] = f.Fix,
            });
        }

        return JsonOutput.Write(new JsonObject { ["verdict"] = Name(code switch { 0 => Verdict.Ok, 1 => Verdict.Warning, _ => Verdict.Failure }), ["exitCode"] = code, ["findings"] = array });
    }

    private static string Name(Verdict verdict) => verdict switch { Verdict.Ok => "ok", Verdict.Warning => "warning", _ => "failure" };

    // /dev/serial/by-id/usb-Quectel_EC25-if02-port0 is long: the name is what a technician recognises.
    private static string Short(string? subject) => subject is null ? string.Empty : subject.Length > 40 && subject.StartsWith('/') ? Path.GetFileName(subject) : subject;
}
