namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>Free space where the data directory is.</summary>
internal sealed class DiskSpaceCheck : IDoctorCheck
{
    private const long MiB = 1024 * 1024;

    public string Name => "disk";

    public Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var directory = context.ResolveDataDirectory();
        var existing = directory;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var drive = new DriveInfo(existing);
        var free = drive.AvailableFreeSpace;
        var share = drive.TotalSize > 0 ? (double)free / drive.TotalSize : 1;
        var text = CliText.Get("{0:N0} MB free of {1:N0} MB ({2:P0})", free / MiB, drive.TotalSize / MiB, share);
        var fix = CliText.Get("Free space on that disk (old backups, /var/log), or move the data directory to a bigger one (Gateway:DataDirectory).");
        Finding finding = free < 200 * MiB ? Finding.Fail(Name, directory, text, fix)
            : free < 1024 * MiB || share < 0.1 ? Finding.Warn(Name, directory, text, fix)
            : Finding.Ok(Name, directory, text);
        return Task.FromResult<IReadOnlyList<Finding>>([finding]);
    }
}
