using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/inbound: the SMS the modems received, oldest first.</summary>
internal static class InboundApi
{
    public static RouteGroupBuilder MapInbound(this RouteGroupBuilder api)
    {
        api.MapGet("/inbound", ListAsync).WithName("ListInbound").WithSummary("Inbound SMS, oldest first, keyset-paged with 'after'");
        return api;
    }

    private static async Task<Results<Ok<List<InboundDto>>, ValidationProblem>> ListAsync(GatewayDbContext db, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryTake(limit, 50, out var take, out var badLimit))
        {
            return badLimit!;
        }

        var query = db.Inbound.AsNoTracking();
        if (after is { } cursor)
        {
            query = query.Where(i => i.Id > cursor);
        }

        return TypedResults.Ok(await query.OrderBy(i => i.Id).Take(take)
            .Select(i => new InboundDto(i.Id, i.From, i.Text, i.Modem, i.ReceivedAt, i.Complete)).ToListAsync(cancellationToken));
    }
}
