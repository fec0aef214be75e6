namespace ReEngage.Gateway.Smpp;

/// <summary>The SMPP server's log lines: structured, with the account and message ids, never a password.</summary>
internal static partial class SmppLog
{
    [LoggerMessage(7001, LogLevel.Information, "SMPP server listening on port {Port}")]
    public static partial void Listening(ILogger logger, int port);

    [LoggerMessage(7002, LogLevel.Information, "SMPP {Remote} bound as {Mode} for {SystemId}")]
    public static partial void Bound(ILogger logger, string remote, Smpp.BindMode mode, string systemId);

    [LoggerMessage(7003, LogLevel.Warning, "SMPP {Remote} bind refused for system_id {SystemId}: {Status}")]
    public static partial void BindRefused(ILogger logger, string remote, string systemId, string status);

    [LoggerMessage(7004, LogLevel.Information, "SMPP {Remote} ({SystemId}) closed: {Reason}")]
    public static partial void Closed(ILogger logger, string remote, string? systemId, string reason);

    [LoggerMessage(7005, LogLevel.Warning, "SMPP {Remote} ({SystemId}) sent a malformed PDU: {Error}")]
    public static partial void Malformed(ILogger logger, string remote, string? systemId, string error);

    [LoggerMessage(7006, LogLevel.Information, "SMPP submit from {SystemId} stored as message {MessageId} ({Parts} short message(s) from the client)")]
    public static partial void Accepted(ILogger logger, string systemId, long messageId, int parts);

    [LoggerMessage(7007, LogLevel.Information, "SMPP submit from {SystemId} to {Destination} refused with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string systemId, string destination, string status, string reason);

    [LoggerMessage(7008, LogLevel.Error, "SMPP submit from {SystemId} could not be stored")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string systemId);

    [LoggerMessage(7009, LogLevel.Debug, "SMPP receipt for message {MessageId} acknowledged by {SystemId}")]
    public static partial void ReceiptSent(ILogger logger, long messageId, string systemId);

    [LoggerMessage(7010, LogLevel.Warning, "SMPP receipts for {SystemId}: {Failed} of {Count} not acknowledged, sent again later")]
    public static partial void ReceiptsPending(ILogger logger, string systemId, int failed, int count);

    [LoggerMessage(7011, LogLevel.Error, "SMPP receipt sending failed; retried")]
    public static partial void ReceiptLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(7012, LogLevel.Debug, "SMPP {SystemId} throttled (over {PerSecond} submits/s)")]
    public static partial void Throttled(ILogger logger, string systemId, int perSecond);

    [LoggerMessage(7013, LogLevel.Information, "Inbound SMS {InboundId} stored for SMPP account {SystemId} (by its {RouteKind} route)")]
    public static partial void InboundRouted(ILogger logger, long inboundId, string systemId, string routeKind);

    [LoggerMessage(7014, LogLevel.Debug, "SMPP inbound SMS {InboundId} acknowledged by {SystemId}")]
    public static partial void InboundSent(ILogger logger, long inboundId, string systemId);

    [LoggerMessage(7015, LogLevel.Information, "SMPP account {SystemId} was deleted: closing its {Count} open bind(s)")]
    public static partial void ClosingDeletedAccount(ILogger logger, string systemId, int count);

    [LoggerMessage(7016, LogLevel.Information, "SMPP server listening for TLS on port {Port} (certificate SHA-256 {Fingerprint})")]
    public static partial void ListeningTls(ILogger logger, int port, string fingerprint);

    [LoggerMessage(7017, LogLevel.Warning, "Gateway:Smpp:TlsPort is {Port} but HTTPS is off (Gateway:Https:Enabled), so there is no certificate: SMPP over TLS is not served")]
    public static partial void NoTlsCertificate(ILogger logger, int port);

    [LoggerMessage(7018, LogLevel.Information, "SMPP TLS handshake with {Remote} failed: {Reason}")]
    public static partial void TlsFailed(ILogger logger, string remote, string reason);
}
