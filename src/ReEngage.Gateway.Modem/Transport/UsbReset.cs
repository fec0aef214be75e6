namespace ReEngage.Gateway.Modem.Transport;

/// <summary>
/// Resets a hung USB modem without anyone replugging it: de-authorises and re-authorises its USB
/// device through sysfs (the same effect as unplug/replug). Needs write access to
/// /sys/bus/usb/devices/*/authorized (root, or the udev rule in hardware/).
/// </summary>
public static class UsbReset
{
    /// <summary>Tries to reset the USB device behind a tty path. Returns what happened, for the log.</summary>
    public static async Task<string> TryResetAsync(string devicePath, string sysRoot = "/sys", CancellationToken cancellationToken = default)
    {
        string tty;
        try
        {
            var info = new FileInfo(devicePath);
            tty = Path.GetFileName(info.LinkTarget is null ? devicePath : info.ResolveLinkTarget(true)?.FullName ?? devicePath);
        }
        catch (IOException ex)
        {
            return $"cannot resolve {devicePath}: {ex.Message}";
        }

        var deviceLink = Path.Combine(sysRoot, "class", "tty", tty, "device");
        string? usbDevice;
        try
        {
            usbDevice = new DirectoryInfo(deviceLink).ResolveLinkTarget(true)?.FullName;
        }
        catch (IOException ex)
        {
            return $"{tty} has no sysfs device: {ex.Message}";
        }

        // Walk up from the interface (…/1-1.3:1.2/ttyUSB2) to the USB device that has "authorized".
        for (var dir = usbDevice; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var authorized = Path.Combine(dir, "authorized");
            if (File.Exists(authorized) && File.Exists(Path.Combine(dir, "busnum")))
            {
                try
                {
                    await File.WriteAllTextAsync(authorized, "0", cancellationToken).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                    await File.WriteAllTextAsync(authorized, "1", cancellationToken).ConfigureAwait(false);
                    return $"reset USB device {Path.GetFileName(dir)}";
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return $"cannot reset USB device {Path.GetFileName(dir)}: {ex.Message}";
                }
            }
        }

        return $"{tty} is not a USB device (a UART modem cannot be reset this way)";
    }
}
