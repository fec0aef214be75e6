namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>I/O errors the kernel logged (a failing SD card shows them long before it dies).</summary>
internal sealed class DiskErrorsCheck : IDoctorCheck
{
    private static readonly string[] Signs = ["I/O error", "EXT4-fs error", "blk_update_request", "mmc0: error", "mmc1: error", "Buffer I/O error", "timeout waiting for hardware interrupt"];

    public string Name => "disk-errors";

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var dmesg = await context.Run("dmesg", [], cancellationToken);
        if (dmesg.Exit != 0)
        {
            return [Finding.Ok(Name, null, CliText.Get("the kernel log cannot be read here (run reengage doctor with sudo to check it)"))];
        }

        var errors = dmesg.Output.Split('\n').Where(line => Signs.Any(s => line.Contains(s, StringComparison.Ordinal))).ToList();
        return errors.Count == 0
            ? [Finding.Ok(Name, null, CliText.Get("no storage I/O errors in the kernel log"))]
            : [Finding.Warn(Name, null, CliText.Get("{0} storage error(s) in the kernel log, last: {1}", errors.Count, errors[^1].Trim()), CliText.Get("Back up now (reengage backup /media/usb/gateway.db) and replace the SD card or disk before it fails."))];
    }
}
