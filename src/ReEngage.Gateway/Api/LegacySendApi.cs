using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Api;

/// <summary>GET /api/v1/send: for alarm panels and PLCs that can only call a URL (off unless Gateway:Api:LegacySendEnabled).</summary>
internal static class LegacySendApi
{
    public static RouteGroupBuilder MapLegacySend(this RouteGroupBuilder api)
    {
        api.MapGet("/send", SendAsync).Problems(400, 401, 404).AllowAnonymous().WithMetadata(new KeyInQueryRoute())
            .WithName("LegacySend").WithSummary("Send by URL for devices that can only call one (off unless Gateway:Api:LegacySendEnabled)")
            .WithDescription("Query: to, text, key (or the usual headers), charset (e.g. iso-8859-1). An unencoded '+' in 'to' is the international prefix.");
        return api;
    }

    private static async Task<Results<Accepted<AcceptedDto>, ValidationProblem, ProblemHttpResult>> SendAsync(HttpContext context, string? key, OutboxService outbox, IOptions<GatewayOptions> options, GatewayDbContext db)
    {
        if (!options.Value.Api.LegacySendEnabled)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "Sending by URL is off (Gateway:Api:LegacySendEnabled).");
        }

        if (!LegacyQuery.TryRead(context.Request.QueryString.Value, out var query, out var charsetError))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["charset"] = [charsetError!] });
        }

        var apiKey = key ?? ApiKeyAuthentication.KeyFrom(context.Request);
        var hash = apiKey is null ? null : Core.Security.ApiKey.HashOf(apiKey);
        if (hash is null || !await db.ApiKeys.AnyAsync(k => k.Hash == hash && k.RevokedAt == null, context.RequestAborted))
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "Pass a valid API key as ?key=.");
        }

        var (accepted, errors) = await outbox.AcceptAsync(new SendRequest(query.GetValueOrDefault("to"), query.GetValueOrDefault("text"), Priority: "high"), context.RequestAborted);
        return accepted is null
            ? TypedResults.ValidationProblem(errors!)
            : TypedResults.Accepted($"/api/v1/messages/{accepted.Id}", MessagesApi.Accepted(accepted, null));
    }
}
