namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>Another process holding a port open (ModemManager, gammu-smsd, smstools, a forgotten minicom): /proc/*/fd.</summary>
internal sealed class PortHolderCheck : IDoctorCheck
{
    public string Name => "holders";

    public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var holders = Scan(context.ProcRoot);
        foreach (var device in context.Devices)
        {
            // A pseudo-terminal's slave held by the process that has its master open (/dev/ptmx with the same
            // tty-index) is the other end of the line — reengage modem simulate — not a competitor for it.
            var master = device.Target.StartsWith("/dev/pts/", StringComparison.Ordinal) ? "/dev/ptmx:" + device.Target["/dev/pts/".Length..] : null;
            var ends = holders.Where(h => h.Target == master).Select(h => h.Pid).ToHashSet();
            var held = holders.Where(h => (h.Target == device.Target || h.Target == device.Path) && !ends.Contains(h.Pid))
                .Select(h => (h.Pid, h.Name)).Distinct().ToList();
            if (held.Count == 0)
            {
                findings.Add(Finding.Ok(Name, device.Path, CliText.Get("no other process has it open")));
                continue;
            }

            context.Unreachable.Add(device.Path);
            var others = held.Where(h => !h.Name.StartsWith("ReEngage.Gatewa", StringComparison.Ordinal)).ToList();
            if (others.Count == 0)
            {
                findings.Add(Finding.Ok(Name, device.Path, CliText.Get("in use by the gateway (pid {0}): AT checks skipped (stop it for those: sudo systemctl stop reengage-gateway)", held[0].Pid)));
                continue;
            }

            var (pid, name) = others[0];
            findings.Add(Finding.Fail(Name, device.Path, CliText.Get("held by {0}", string.Join(", ", others.Select(h => $"{h.Name} (pid {h.Pid})"))), FixFor(name, pid)));
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    internal static string FixFor(string process, int pid) => process switch
    {
        "ModemManager" => CliText.Get("sudo systemctl disable --now ModemManager, or keep it and hide the modem from it with the package's udev rules (add its vendor id to /lib/udev/rules.d/70-reengage-modemmanager.rules)."),
        "gammu-smsd" => CliText.Get("sudo systemctl disable --now {0}: two SMS daemons cannot share a modem.", "gammu-smsd"),
        "smsd" => CliText.Get("sudo systemctl disable --now {0}: two SMS daemons cannot share a modem.", "smstools"),
        _ => CliText.Get("Stop {0} (sudo kill {1}) and whatever starts it: the gateway needs the port to itself.", process, pid),
    };

    private static List<(int Pid, string Name, string Target)> Scan(string procRoot)
    {
        var found = new List<(int, string, string)>();
        string[] processes;
        try
        {
            processes = Directory.GetDirectories(procRoot);
        }
        catch (IOException)
        {
            return found;
        }

        foreach (var folder in processes)
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || (procRoot == "/proc" && pid == Environment.ProcessId))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(folder, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("/dev/", StringComparison.Ordinal))
                    {
                        found.Add((pid, ProcessName(folder), target == "/dev/ptmx" ? $"/dev/ptmx:{TtyIndex(folder, fd)}" : target));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's process (not root): not ours to see.
            }
        }

        return found;
    }

    // The pseudo-terminal a /dev/ptmx descriptor is the master of (fdinfo's tty-index, Linux 5.x and later).
    private static string TtyIndex(string folder, string fd)
    {
        try
        {
            var line = File.ReadLines(Path.Combine(folder, "fdinfo", Path.GetFileName(fd))).FirstOrDefault(l => l.StartsWith("tty-index:", StringComparison.Ordinal));
            return line?["tty-index:".Length..].Trim() ?? "?";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string ProcessName(string folder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(folder, "comm")).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
