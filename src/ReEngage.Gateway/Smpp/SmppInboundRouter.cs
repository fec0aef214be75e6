using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// Decides which SMPP account an inbound SMS goes to (the accounts' <see cref="SmppAccountOptions.InboundRoutes"/>:
/// configured accounts first, then those created through the API, by system_id) and stores it for that account in
/// the save that announces the SMS, so it is sent as deliver_sm once, even across a restart or with no bind open.
/// The gateway's own keyword handling (STOP, START, HELP) has already run: a STOP opts the number out and is
/// forwarded as well, since the client may keep its own list.
/// </summary>
internal sealed class SmppInboundRouter(IOptions<SmppOptions> options, ILogger<SmppInboundRouter> logger) : IInboundForwarder
{
    public async ValueTask ForwardAsync(GatewayDbContext db, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        if (!options.Value.Enabled)
        {
            return;
        }

        var configured = options.Value.Accounts.Where(a => a.InboundRoutes.Count > 0).Select(a => (a.SystemId, SmppInboundRoute.ParseAll(a.InboundRoutes)));
        var stored = await db.SmppAccounts.AsNoTracking().Where(a => a.InboundRoutes != "").OrderBy(a => a.SystemId)
            .Select(a => new { a.SystemId, a.InboundRoutes }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var accounts = configured.Concat(stored.Select(a => (a.SystemId, SmppInboundRoute.ParseAll(a.InboundRoutes.Split(' ', StringSplitOptions.RemoveEmptyEntries))))).ToList();
        if (SmppInboundRoute.Match(accounts, message.Modem, message.Text) is not { } match)
        {
            return;
        }

        db.SmppInbound.Add(new SmppInbound
        {
            InboundId = message.Id,
            SystemId = match.SystemId,
            From = message.From,
            To = match.Route.Address,
            Text = message.Text,
            ReceivedAt = message.ReceivedAt,
        });
        SmppLog.InboundRouted(logger, message.Id, match.SystemId, match.Route.Keyword is null ? "modem" : "keyword");
    }
}
