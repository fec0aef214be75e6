namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// A status report that matched no submitted part when it arrived. On a fast network the report can beat
/// the gateway's own save of the part it is about; it is kept here and matched when the part is saved
/// (or by the sweep), for the dispatcher's early-report window (<c>Gateway:Dispatcher:EarlyReportWindow</c>).
/// </summary>
public sealed class EarlyReport
{
    public long Id { get; set; }

    public required string Modem { get; set; }

    /// <summary>TP-MR.</summary>
    public int Reference { get; set; }

    /// <summary>The recipient's last 8 digits (networks often report it in national form).</summary>
    public required string RecipientTail { get; set; }

    /// <summary>TP-ST.</summary>
    public int Status { get; set; }

    public DateTimeOffset? DischargeTime { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
