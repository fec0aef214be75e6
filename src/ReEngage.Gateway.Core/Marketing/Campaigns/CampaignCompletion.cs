using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>When a running campaign is over: none of its messages can still change.</summary>
internal static class CampaignCompletion
{
    /// <summary>
    /// True while a message of the campaign is queued, waiting (quiet hours), being sent, or sent with its
    /// delivery report still expected. A sent message whose report was not asked for, or is overdue, counts as
    /// final: nothing more is expected for it, and a campaign must not stay "running" forever for it.
    /// </summary>
    public static Task<bool> HasMessagesInFlightAsync(GatewayDbContext db, long campaignId, CancellationToken cancellationToken)
    {
        var source = $"campaign:{campaignId}";
        return db.Messages.AnyAsync(
            m => m.Source == source
                && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Sending
                    || (m.Status == MessageStatus.Sent && m.StatusReport && !m.ReportOverdue)),
            cancellationToken);
    }
}
