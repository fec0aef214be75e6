namespace ReEngage.Gateway.Cli;

/// <summary>Process exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command line itself was wrong (System.CommandLine's own code).</summary>
    public const int Usage = 1;

    /// <summary>The input (a PDU, a text, a number) is invalid.</summary>
    public const int BadInput = 2;

    /// <summary>A device could not be opened or did not answer.</summary>
    public const int DeviceError = 3;
}
