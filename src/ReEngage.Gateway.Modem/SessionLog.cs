using Microsoft.Extensions.Logging;

namespace ReEngage.Gateway.Modem;

/// <summary>Source-generated log events of modem sessions (event ids 1100–1199).</summary>
internal static partial class SessionLog
{
    [LoggerMessage(1100, LogLevel.Information, "{Modem} initialised: profile {Profile}, IMEI {Imei}, ICCID {Iccid}")]
    public static partial void Initialized(ILogger logger, string modem, string profile, string imei, string iccid);

    [LoggerMessage(1101, LogLevel.Debug, "{Modem}: new-message indications AT+CNMI={Setting}")]
    public static partial void Indications(ILogger logger, string modem, string setting);

    [LoggerMessage(1102, LogLevel.Warning, "{Modem}: no AT+CNMI setting accepted; inbound SMS are found only by the storage sweep")]
    public static partial void NoIndications(ILogger logger, string modem);

    [LoggerMessage(1103, LogLevel.Warning, "{Modem}: SMS storage {Used}/{Total} is almost full")]
    public static partial void StorageAlmostFull(ILogger logger, string modem, int used, int total);

    [LoggerMessage(1104, LogLevel.Warning, "{Modem}: no SMSC configured on the SIM ({Answer}); set one with AT+CSCA")]
    public static partial void NoServiceCentre(ILogger logger, string modem, string answer);

    [LoggerMessage(1105, LogLevel.Warning, "{Modem}: handling {Urc} failed: {Reason}")]
    public static partial void UrcFailed(ILogger logger, string modem, string urc, string reason);

    [LoggerMessage(1106, LogLevel.Warning, "{Modem} restarted ({Banner}); initialising it again")]
    public static partial void Restarted(ILogger logger, string modem, string banner);

    [LoggerMessage(1107, LogLevel.Warning, "{Modem}: undecodable PDU at storage index {Index} kept in the modem: {Reason}")]
    public static partial void BadPdu(ILogger logger, string modem, int? index, string reason);

    [LoggerMessage(1108, LogLevel.Error, "{Modem}: re-initialisation failed: {Reason}")]
    public static partial void ReinitFailed(ILogger logger, string modem, string reason);

    [LoggerMessage(1110, LogLevel.Warning, "{Modem}: SMS storage is full; sweeping it")]
    public static partial void StorageFull(ILogger logger, string modem);

    [LoggerMessage(1109, LogLevel.Warning, "{Modem}: storage sweep failed: {Answer}")]
    public static partial void SweepFailed(ILogger logger, string modem, string answer);

    [LoggerMessage(1111, LogLevel.Information, "{Modem}: {Mode}")]
    public static partial void MessageService(ILogger logger, string modem, string mode);

    [LoggerMessage(1112, LogLevel.Warning, "{Modem}: the modem stopped routing new messages and reports ({Why}); routing set again and storage swept")]
    public static partial void RoutingLost(ILogger logger, string modem, string why);

    [LoggerMessage(1113, LogLevel.Information, "{Modem}: pending acknowledgement at start: {Outcome}")]
    public static partial void PendingAcknowledgement(ILogger logger, string modem, string outcome);

    [LoggerMessage(1114, LogLevel.Warning, "{Modem}: storage sweep failed: {Reason}")]
    public static partial void BackgroundSweepFailed(ILogger logger, string modem, string reason);

    [LoggerMessage(1115, LogLevel.Warning, "{Modem}: the PDU at {Memory} {Index} does not have the length its header states; it will be read again")]
    public static partial void SuspectPdu(ILogger logger, string modem, string memory, int index);
}
