using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Modem;

namespace ReEngage.Gateway.Api;

/// <summary>/api/v1/modems.</summary>
internal static class ModemsApi
{
    public static RouteGroupBuilder MapModems(this RouteGroupBuilder api)
    {
        api.MapGet("/modems", ListAsync).WithName("ListModems");
        return api;
    }

    internal static async Task<List<ModemDto>> SnapshotAsync(ModemPool pool, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var sentToday = await db.Parts.Where(p => p.SubmittedAt >= dayStart && p.Modem != null).GroupBy(p => p.Modem!)
            .Select(g => new { Modem = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Modem, x => x.Count, cancellationToken);
        var waiting = await db.Messages.Where(m => m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled || m.Status == MessageStatus.Sending)
            .GroupBy(m => m.Modem ?? m.RequestedModem ?? string.Empty).Select(g => new { Modem = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Modem, x => x.Count, cancellationToken);
        var unassigned = waiting.GetValueOrDefault(string.Empty);
        var online = Math.Max(1, pool.Handles.Count(h => h.ReadySession is not null));
        return [.. pool.Handles.Select(h =>
        {
            var health = h.Supervisor.Session?.Health;
            var identity = h.Supervisor.Identity;
            return new ModemDto(
                h.Name,
                h.Device,
                h.Paused ? "paused" : h.Suspended is not null ? "suspended" : h.Supervisor.State.ToString().ToLowerInvariant(),
                health?.SignalDbm,
                health?.SignalBars ?? 0,
                health?.Operator,
                (health?.Registration ?? RegistrationState.Unknown).ToString().ToLowerInvariant(),
                identity?.Imei,
                identity?.Iccid,
                sentToday.GetValueOrDefault(h.Name),
                h.Limits.DailyLimit,
                waiting.GetValueOrDefault(h.Name) + (h.ReadySession is null ? 0 : unassigned / online),
                h.Suspended ?? h.LastSendError ?? h.Supervisor.LastError,
                h.LastSuccessAt,
                h.SecondsPerPart,
                h.Paused);
        })];
    }

    private static async Task<IResult> ListAsync(ModemPool pool, GatewayDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        Results.Ok(await SnapshotAsync(pool, db, time, cancellationToken));
}
