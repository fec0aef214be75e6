using Microsoft.Extensions.Logging;

namespace ReEngage.Gateway.Modem;

/// <summary>Source-generated log events of modem supervision (event ids 1200–1299).</summary>
internal static partial class SupervisorLog
{
    [LoggerMessage(1200, LogLevel.Warning, "{Modem} lost: {Reason}; reconnecting with back-off")]
    public static partial void Lost(ILogger logger, string modem, string reason);

    [LoggerMessage(1201, LogLevel.Error, "{Modem} stopped until it is fixed: {Reason}")]
    public static partial void Stopped(ILogger logger, string modem, string reason);

    [LoggerMessage(1202, LogLevel.Warning, "{Modem} does not answer AT; re-initialising it")]
    public static partial void Hung(ILogger logger, string modem);

    [LoggerMessage(1203, LogLevel.Warning, "{Modem} hung: {Outcome}")]
    public static partial void Reset(ILogger logger, string modem, string outcome);
}
