namespace ReEngage.Gateway.Cli.Doctor;

/// <summary>The reengage-gateway unit's state, where systemd runs.</summary>
internal sealed class ServiceCheck : IDoctorCheck
{
    public string Name => "service";

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var result = await context.Run("systemctl", ["is-active", "reengage-gateway"], cancellationToken);
        var state = result.Output.Trim();
        Finding finding = (result.Ran, state) switch
        {
            (false, _) => Finding.Ok(Name, "reengage-gateway", CliText.Get("no systemctl here: the service's state is not checked")),
            (_, "active") => Finding.Ok(Name, "reengage-gateway", CliText.Get("active")),
            (_, "activating" or "reloading") => Finding.Warn(Name, "reengage-gateway", state, CliText.Get("Wait a few seconds and run reengage doctor again; if it stays, journalctl -u reengage-gateway -n 50 says why.")),
            (_, "") => Finding.Warn(Name, "reengage-gateway", CliText.Get("systemd is not running here"), CliText.Get("Start the gateway yourself, or check it on the machine that runs it.")),
            _ => Finding.Fail(Name, "reengage-gateway", state, CliText.Get("sudo systemctl start reengage-gateway; journalctl -u reengage-gateway -n 50 says why it stopped.")),
        };
        return [finding];
    }
}
