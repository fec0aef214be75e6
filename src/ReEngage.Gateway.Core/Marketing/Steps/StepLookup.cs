using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Finds the step definition a link, coupon or send belongs to: an automation's step, or a campaign's message.</summary>
internal static class StepLookup
{
    public static async Task<StepDefinition?> FindAsync(GatewayDbContext db, long? automationId, long? campaignId, int step, CancellationToken cancellationToken)
    {
        if (automationId is { } automation)
        {
            var json = await db.Automations.Where(a => a.Id == automation).Select(a => a.DefinitionJson).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            var definition = json is null ? null : MarketingJson.Read<AutomationDefinition>(json);
            var steps = definition?.Steps;

            // The welcome-back message is numbered after the last step.
            return steps is not null && step >= 0 && step < steps.Count ? steps[step] : step == steps?.Count ? definition!.WelcomeBack : null;
        }

        var campaign = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.DefinitionJson).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return campaign is null ? null : MarketingJson.Read<CampaignDefinition>(campaign).Message;
    }
}
