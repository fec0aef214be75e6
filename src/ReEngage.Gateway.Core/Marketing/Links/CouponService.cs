using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Marketing;

/// <summary>The result of a coupon redemption.</summary>
public enum RedeemOutcome
{
    Redeemed,
    NotFound,
    AlreadyRedeemed,
    Expired,
}

/// <summary>Coupon redemption (counted as promo_used) and imported pools.</summary>
public sealed class CouponService(GatewayDbContext db, ActivityRecorder recorder, TimeProvider time)
{
    public async Task<(RedeemOutcome Outcome, Coupon? Coupon)> RedeemAsync(string code, double? value, CancellationToken cancellationToken)
    {
        var coupon = await db.Coupons.FirstOrDefaultAsync(c => c.Code == code, cancellationToken).ConfigureAwait(false);
        if (coupon is null)
        {
            return (RedeemOutcome.NotFound, null);
        }

        if (coupon.RedeemedAt is not null)
        {
            return (RedeemOutcome.AlreadyRedeemed, coupon);
        }

        var now = time.GetUtcNow();
        if (coupon.ExpiresAt is { } expires && expires < now)
        {
            return (RedeemOutcome.Expired, coupon);
        }

        // Conditional update: two tills redeeming one code at once cannot both succeed.
        var updated = await db.Coupons.Where(c => c.Code == code && c.RedeemedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedeemedAt, now).SetProperty(c => c.RedeemedValue, value), cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            return (RedeemOutcome.AlreadyRedeemed, coupon);
        }

        coupon.RedeemedAt = now;
        coupon.RedeemedValue = value;
        if (coupon.ContactId is { } contact)
        {
            // A redemption with a value is a sale: it also counts as a purchase of that value, so revenue
            // reports see it without the till sending the purchase a second time.
            await recorder.RecordAsync(value is > 0
                ? [new NewActivity(contact, ActivityType.PromoUsed, now, value, "coupon"), new NewActivity(contact, ActivityType.Purchase, now, value, "coupon")]
                : [new NewActivity(contact, ActivityType.PromoUsed, now, value, "coupon")], cancellationToken).ConfigureAwait(false);
        }

        return (RedeemOutcome.Redeemed, coupon);
    }

    /// <summary>Adds imported codes to a pool; codes that already exist are reported back.</summary>
    public async Task<(int Added, IReadOnlyList<string> Duplicates)> ImportAsync(string pool, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var distinct = codes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in distinct.Chunk(500))
        {
            existing.UnionWith(await db.Coupons.Where(c => chunk.Contains(c.Code)).Select(c => c.Code).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        var now = time.GetUtcNow();
        db.Coupons.AddRange(distinct.Where(c => !existing.Contains(c)).Select(c => new Coupon { Code = c, Pool = pool, CreatedAt = now }));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (distinct.Count - existing.Count, [.. existing]);
    }
}
