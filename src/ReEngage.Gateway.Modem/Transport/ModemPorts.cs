namespace ReEngage.Gateway.Modem.Transport;

/// <summary>A serial device that may be a modem.</summary>
/// <param name="Path">The path to open: a stable /dev/serial/by-id (or /dev/reengage) link when there is one.</param>
/// <param name="Target">The kernel device it points to (/dev/ttyUSB2).</param>
public sealed record SerialDevice(string Path, string Target);

/// <summary>Finds serial devices: stable links first, so /dev/ttyUSB0 becoming /dev/ttyUSB1 changes nothing.</summary>
public static class ModemPorts
{
    /// <summary>/dev/reengage/* (our udev rules), /dev/serial/by-id/*, then /dev/ttyUSB*, /dev/ttyACM* and the Pi's /dev/serial0 not already named.</summary>
    public static IReadOnlyList<SerialDevice> Enumerate(string root = "/dev")
    {
        var found = new List<SerialDevice>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { Path.Combine(root, "reengage"), Path.Combine(root, "serial", "by-id") })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var link in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                var target = Resolve(link);
                if (seen.Add(target))
                {
                    found.Add(new SerialDevice(link, target));
                }
            }
        }

        var plain = Directory.Exists(root)
            ? Directory.GetFiles(root, "ttyUSB*").Concat(Directory.GetFiles(root, "ttyACM*")).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        foreach (var device in plain.Append(Path.Combine(root, "serial0")))
        {
            if (File.Exists(device) || Directory.Exists(device) || new FileInfo(device).LinkTarget is not null)
            {
                var target = Resolve(device);
                if (seen.Add(target))
                {
                    found.Add(new SerialDevice(device, target));
                }
            }
        }

        return found;
    }

    private static string Resolve(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : (info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
        }
        catch (IOException)
        {
            return path;
        }
    }
}
