using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>Drafts: saved again in place, so "Save and preview" edits one campaign instead of adding one each time.</summary>
public sealed partial class CampaignService
{
    /// <summary>Replaces a draft's name, segment, budget and definition. Null when there is no such campaign.</summary>
    public async Task<(Campaign? Campaign, FieldErrors? Errors, string? Conflict)> UpdateAsync(long id, string? name, long segmentId, bool includeSleeping, int? budgetParts, CampaignDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (campaign is null)
        {
            return (null, null, null);
        }

        if (campaign.Status != CampaignStatus.Draft)
        {
            // Its messages may be out: what was sent must stay what the results describe.
            return (campaign, null, $"The campaign is {campaign.Status.ToString().ToLowerInvariant()}; only drafts can be changed.");
        }

        var errors = await ValidateAsync(name, segmentId, budgetParts, definition, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return (campaign, errors, null);
        }

        // The same seed: the preview's holdout names the same people after an edit.
        definition.Seed ??= MarketingJson.Read<CampaignDefinition>(campaign.DefinitionJson).Seed ?? Seeds.New();
        campaign.Name = name!;
        campaign.SegmentId = segmentId;
        campaign.IncludeSleeping = includeSleeping;
        campaign.BudgetParts = budgetParts;
        campaign.DefinitionJson = MarketingJson.Write(definition);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (campaign, null, null);
    }

    private async Task<FieldErrors> ValidateAsync(string? name, long segmentId, int? budgetParts, CampaignDefinition definition, CancellationToken cancellationToken)
    {
        var errors = DefinitionValidation.Campaign(definition, options.Value);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors.Add("name", "A campaign needs a name of at most 200 characters.");
        }

        if (!await db.Segments.AnyAsync(s => s.Id == segmentId, cancellationToken).ConfigureAwait(false))
        {
            errors.Add("segmentId", $"There is no segment {segmentId}.");
        }

        if (budgetParts is < 1)
        {
            errors.Add("budgetParts", "budgetParts must be at least 1 when set.");
        }

        return errors;
    }
}
