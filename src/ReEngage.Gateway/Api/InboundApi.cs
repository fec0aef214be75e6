using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/inbound: the SMS the modems received, oldest first (integrators poll with 'after'), or newest first (the dashboard pages back with 'before').</summary>
internal static class InboundApi
{
    public static RouteGroupBuilder MapInbound(this RouteGroupBuilder api)
    {
        api.MapGet("/inbound", ListAsync).WithName("ListInbound").WithSummary("Inbound SMS, oldest first, keyset-paged with 'after'; newest=true (or 'before') pages newest first; contactId is the sender's contact");
        return api;
    }

    private static async Task<Results<Ok<List<InboundDto>>, ValidationProblem>> ListAsync(GatewayDbContext db, long? after, long? before, bool? newest, int? limit, CancellationToken cancellationToken)
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

        if (before is { } older)
        {
            query = query.Where(i => i.Id < older);
        }

        var ordered = newest == true || before is not null ? query.OrderByDescending(i => i.Id) : query.OrderBy(i => i.Id);
        return TypedResults.Ok(await ordered.Take(take)
            .Select(i => new InboundDto(i.Id, i.From, i.Text, i.Modem, i.ReceivedAt, i.Complete, db.Contacts.Where(c => c.Phone == i.From).Select(c => (long?)c.Id).FirstOrDefault()))
            .ToListAsync(cancellationToken));
    }
}
