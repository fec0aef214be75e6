using System.Globalization;

namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>Read/write permission on each port, for the caller and for the service's user (group dialout, mode 0660).</summary>
internal sealed class PortAccessCheck : IDoctorCheck
{
    public string Name => "access";

    /// <summary>Who runs the check; read from /proc/self/status unless a test says otherwise.</summary>
    public (int Uid, IReadOnlySet<int> Groups)? Caller { get; init; }

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var caller = Caller ?? ReadSelf();
        (int Uid, IReadOnlySet<int> Groups)? service = null;
        var uid = await context.Run("id", ["-u", context.ServiceUser], cancellationToken);
        var groups = await context.Run("id", ["-G", context.ServiceUser], cancellationToken);
        if (uid.Exit == 0 && groups.Exit == 0)
        {
            service = (int.Parse(uid.Output.Trim(), CultureInfo.InvariantCulture), groups.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(g => int.Parse(g, CultureInfo.InvariantCulture)).ToHashSet());
        }

        foreach (var device in context.Devices)
        {
            var stat = await context.Run("stat", ["-L", "-c", "%u %g %a %G", device.Target], cancellationToken);
            var fields = stat.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (stat.Exit != 0 || fields.Length < 4)
            {
                findings.Add(Finding.Fail(Name, device.Path, CliText.Get("cannot read its owner and mode (gone?)"), CliText.Get("Plug the modem in again and run reengage doctor once more.")));
                context.Unreachable.Add(device.Path);
                continue;
            }

            var (owner, group, mode, groupName) = (int.Parse(fields[0], CultureInfo.InvariantCulture), int.Parse(fields[1], CultureInfo.InvariantCulture), Convert.ToInt32(fields[2], 8), fields[3]);
            var who = CliText.Get("{0}, mode {1}", groupName, fields[2]);
            if (!CanReadWrite(caller.Uid, caller.Groups, owner, group, mode))
            {
                context.Unreachable.Add(device.Path);
                findings.Add(Finding.Fail(Name, device.Path, CliText.Get("you cannot read and write it ({0})", who), (mode & 0b000_110_000) == 0b000_110_000
                    ? CliText.Get("Add yourself to {0} (sudo adduser $USER {0}, then log in again), or run reengage with sudo.", groupName)
                    : CliText.Get("Install the package's udev rules (/lib/udev/rules.d/99-reengage-modems.rules: GROUP=dialout, MODE=0660), adding your modem's vendor id if it is missing.")));
            }
            else if (service is { } s && !CanReadWrite(s.Uid, s.Groups, owner, group, mode))
            {
                findings.Add(Finding.Fail(Name, device.Path, CliText.Get("the service's user {0} cannot read and write it ({1})", context.ServiceUser, who), CliText.Get("sudo adduser {0} {1}, then sudo systemctl restart reengage-gateway.", context.ServiceUser, groupName)));
            }
            else
            {
                findings.Add(Finding.Ok(Name, device.Path, service is null ? CliText.Get("read/write for you ({0})", who) : CliText.Get("read/write for you and {0} ({1})", context.ServiceUser, who)));
            }
        }

        return findings;
    }

    internal static bool CanReadWrite(int uid, IReadOnlySet<int> groups, int owner, int group, int mode) =>
        uid == 0 || (uid == owner ? (mode & 0b110_000_000) == 0b110_000_000 : groups.Contains(group) ? (mode & 0b000_110_000) == 0b000_110_000 : (mode & 0b000_000_110) == 0b000_000_110);

    private static (int, IReadOnlySet<int>) ReadSelf()
    {
        var uid = 0;
        var groups = new HashSet<int>();
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            var parts = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["Uid:", var real, ..])
            {
                uid = int.Parse(real, CultureInfo.InvariantCulture);
            }
            else if (parts is ["Gid:", var gid, ..])
            {
                groups.Add(int.Parse(gid, CultureInfo.InvariantCulture));
            }
            else if (parts.Length > 0 && parts[0] == "Groups:")
            {
                groups.UnionWith(parts.Skip(1).Select(g => int.Parse(g, CultureInfo.InvariantCulture)));
            }
        }

        return (uid, groups);
    }
}
