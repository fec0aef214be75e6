namespace ReEngage.Gateway.Smtp;

/// <summary>The SMTP server's log lines: structured, with senders, recipients and message ids, never a body or a key.</summary>
internal static partial class SmtpLog
{
    [LoggerMessage(7101, LogLevel.Information, "SMTP server listening on port {Port} for <number>@{Domain} (STARTTLS {Tls})")]
    public static partial void Listening(ILogger logger, int port, string domain, bool tls);

    [LoggerMessage(7102, LogLevel.Warning, "SMTP authentication failed for user {User}")]
    public static partial void AuthenticationFailed(ILogger logger, string user);

    [LoggerMessage(7103, LogLevel.Warning, "SMTP sender {From} refused: {Reason}")]
    public static partial void SenderRefused(ILogger logger, string from, string reason);

    [LoggerMessage(7104, LogLevel.Warning, "SMTP recipient {To} from {From} refused: {Reason}")]
    public static partial void RecipientRefused(ILogger logger, string to, string from, string reason);

    [LoggerMessage(7105, LogLevel.Information, "SMTP mail from {From} (API key {Key}) stored as {Count} message(s): {Ids}")]
    public static partial void Stored(ILogger logger, string from, string key, int count, string ids);

    [LoggerMessage(7106, LogLevel.Warning, "SMTP mail from {From} refused: {Reason}")]
    public static partial void MailRefused(ILogger logger, string from, string reason);

    [LoggerMessage(7107, LogLevel.Error, "SMTP mail from {From} could not be stored; the client was told to retry")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string from);

    [LoggerMessage(7108, LogLevel.Information, "SMTP mail from {From}: the text was cut from {Parts} parts to {MaxParts} (Gateway:Smtp:TooLong=Cut)")]
    public static partial void Cut(ILogger logger, string from, int parts, int maxParts);
}
