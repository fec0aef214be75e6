using Microsoft.Extensions.Logging;

namespace ReEngage.Gateway.Modem;

/// <summary>Source-generated log events of the modem driver (event ids 1000–1999).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Trace, "{Modem} → {Command}")]
    public static partial void Command(ILogger logger, string modem, string command);

    [LoggerMessage(1001, LogLevel.Trace, "{Modem} ← {Line}")]
    public static partial void Received(ILogger logger, string modem, string line);

    [LoggerMessage(1002, LogLevel.Warning, "{Modem}: {Command} timed out after {Seconds} s")]
    public static partial void Timeout(ILogger logger, string modem, string command, double seconds);

    [LoggerMessage(1003, LogLevel.Information, "{Modem}: AT channel closed: {Reason}")]
    public static partial void Closed(ILogger logger, string modem, string reason);

    [LoggerMessage(1004, LogLevel.Debug, "{Modem}: write failed: {Reason}")]
    public static partial void WriteFailed(ILogger logger, string modem, string reason);

    [LoggerMessage(1005, LogLevel.Warning, "{Modem}: re-synchronising the AT line: {Reason}")]
    public static partial void Resync(ILogger logger, string modem, string reason);

    [LoggerMessage(1006, LogLevel.Debug, "{Modem}: AT line in step (answers matched by echo: {Echo})")]
    public static partial void Synchronized(ILogger logger, string modem, bool echo);

    [LoggerMessage(1007, LogLevel.Debug, "{Modem}: stale line discarded while {Command} was in flight: {Line}")]
    public static partial void StaleLine(ILogger logger, string modem, string line, string command);
}
