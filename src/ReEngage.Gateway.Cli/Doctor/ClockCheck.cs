namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>The clock: a plausible year (a Pi without a real-time clock boots in 1970) and NTP synchronisation.</summary>
internal sealed class ClockCheck : IDoctorCheck
{
    public string Name => "clock";

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        if (now.Year < 2024)
        {
            return [Finding.Fail(Name, null, CliText.Get("{0} UTC: the clock is wrong", Stamp(now)), CliText.Get("Connect the network so NTP sets it (sudo timedatectl set-ntp true), or fit a real-time clock: schedules, expiry and reports depend on it."))];
        }

        var ntp = await context.Run("timedatectl", ["show", "-p", "NTPSynchronized", "--value"], cancellationToken);
        return (ntp.Exit, ntp.Output.Trim()) switch
        {
            (0, "yes") => [Finding.Ok(Name, null, CliText.Get("{0} UTC, synchronised by NTP", Stamp(now)))],
            (0, "no") => [Finding.Warn(Name, null, CliText.Get("{0} UTC, not synchronised by NTP", Stamp(now)), CliText.Get("sudo timedatectl set-ntp true, and let the machine reach an NTP server (UDP 123)."))],
            _ => [Finding.Ok(Name, null, CliText.Get("{0} UTC (NTP state unknown: no timedatectl answer)", Stamp(now)))],
        };
    }

    // ISO order in every language: a technician compares it with other logs.
    private static string Stamp(DateTimeOffset now) => now.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
