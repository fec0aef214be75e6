using ReEngage.Gateway.Modem.Transport;

namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>Serial devices that may be modems: /dev/reengage, /dev/serial/by-id, ttyUSB/ttyACM, serial0, the configured ones and --device.</summary>
internal sealed class ModemsFoundCheck : IDoctorCheck
{
    public string Name => "modems";

    public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var found = ModemPorts.Enumerate(context.DevRoot).ToList();
        var configured = new List<string>();
        for (var i = 0; context.Setting($"Gateway:Modems:{i}:Device") is { } device || context.Setting($"Gateway:Modems:{i}:Name") is not null; i++)
        {
            if (context.Setting($"Gateway:Modems:{i}:Device") is { Length: > 0 } path)
            {
                configured.Add(path);
            }
        }

        var findings = new List<Finding>();
        foreach (var path in configured.Concat(context.ExtraDevices))
        {
            var target = Resolve(path);
            if (found.Any(d => d.Target == target))
            {
                continue;
            }

            if (!File.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                findings.Add(Finding.Fail(Name, path, CliText.Get("configured but not there"), CliText.Get("Plug the modem in (lsusb shows it), or correct Gateway:Modems:<n>:Device in /etc/reengage/appsettings.json (reengage modem list shows the paths).")));
                continue;
            }

            found.Add(new SerialDevice(path, target));
        }

        context.Devices.AddRange(found);
        if (found.Count == 0)
        {
            findings.Add(Finding.Warn(Name, null, CliText.Get("no serial device found (looked in {0})", $"{context.DevRoot}/reengage, {context.DevRoot}/serial/by-id, ttyUSB*, ttyACM*, serial0"), CliText.Get("Plug a modem in and check it with lsusb; a stick in storage mode needs usb_modeswitch (hardware/README.md).")));
        }
        else
        {
            findings.Insert(0, Finding.Ok(Name, null, CliText.Get("{0} found: {1}", found.Count, string.Join(", ", found.Select(d => d.Target == d.Path ? d.Path : $"{d.Path} -> {d.Target}")))));
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    private static string Resolve(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
