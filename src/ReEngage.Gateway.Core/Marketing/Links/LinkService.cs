using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>A landing page ready to show: the step's page with this contact's coupon.</summary>
public sealed record LandingView(LandingPageDefinition Page, string? Coupon, DateTimeOffset? CouponExpiry, string? FirstName)
{
    /// <summary>The contact's language (or the business's): the page's lang, its words and its dates.</summary>
    public System.Globalization.CultureInfo Culture { get; init; } = System.Globalization.CultureInfo.GetCultureInfo("en");
}

/// <summary>Short-link clicks and landing-page opens, each recorded as the engagement it is.</summary>
public sealed class LinkService(GatewayDbContext db, ActivityRecorder recorder, Microsoft.Extensions.Options.IOptions<GatewayOptions> options, TimeProvider time)
{
    /// <summary>Records a click; returns where to send the visitor (null: unknown code).</summary>
    public async Task<string?> ClickAsync(string code, CancellationToken cancellationToken)
    {
        var link = await FindAsync(code, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        await db.Links.Where(l => l.Code == code)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Clicks, l => l.Clicks + 1).SetProperty(l => l.FirstClickAt, l => l.FirstClickAt ?? now), cancellationToken).ConfigureAwait(false);
        if (link.ContactId is { } contact)
        {
            await recorder.RecordAsync([new NewActivity(contact, ActivityType.LinkClick, now, null, "link")], cancellationToken).ConfigureAwait(false);
        }

        return link.Target ?? $"/l/{link.Code}";
    }

    /// <summary>Records a landing-page open and returns the page (null: unknown code or no page).</summary>
    public async Task<LandingView?> OpenAsync(string code, CancellationToken cancellationToken)
    {
        var link = await FindAsync(code, cancellationToken).ConfigureAwait(false);
        if (link is null || await StepLookup.FindAsync(db, link.AutomationId, link.CampaignId, link.Step, cancellationToken).ConfigureAwait(false) is not { LandingPage: { } page })
        {
            return null;
        }

        var now = time.GetUtcNow();
        await db.Links.Where(l => l.Code == code)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Opens, l => l.Opens + 1).SetProperty(l => l.FirstOpenAt, l => l.FirstOpenAt ?? now), cancellationToken).ConfigureAwait(false);
        string? firstName = null;
        string? language = null;
        if (link.ContactId is { } contact)
        {
            await recorder.RecordLandingOpenAsync(contact, now, cancellationToken).ConfigureAwait(false);
            var who = await db.Contacts.Where(c => c.Id == contact).Select(c => new { c.FirstName, c.Language }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            (firstName, language) = (who?.FirstName, who?.Language);
        }

        var coupon = link.CouponCode is null ? null : await db.Coupons.AsNoTracking().FirstOrDefaultAsync(c => c.Code == link.CouponCode, cancellationToken).ConfigureAwait(false);
        return new LandingView(page, coupon?.Code, coupon?.ExpiresAt, firstName) { Culture = MarketingCulture.For(language, options.Value.Marketing.Language) };
    }

    private async Task<ShortLink?> FindAsync(string code, CancellationToken cancellationToken) =>
        LinkCodes.LooksValid(code) ? await db.Links.AsNoTracking().FirstOrDefaultAsync(l => l.Code == code, cancellationToken).ConfigureAwait(false) : null;
}
