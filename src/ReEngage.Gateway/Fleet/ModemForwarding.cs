using ReEngage.Gateway.Core.Fleet;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Fleet;

/// <summary>
/// A modem action (pause, resume, re-initialise, AT console, USSD, events…) for a modem of another node is
/// forwarded to that node's Gateway:Node:Url once this node has authenticated and authorised the caller, and its
/// answer relayed as it is; a clear problem when that node is down or cannot be reached.
/// </summary>
internal sealed partial class ModemForwarding(RequestDelegate next, ILogger<ModemForwarding> logger)
{
    public const string HttpClientName = "fleet";

    public async Task InvokeAsync(HttpContext context, ModemRegistry registry, FleetDirectory fleet, FleetSecret secret, IHttpClientFactory clients)
    {
        if (!IsModemAction(context, out var modem) || registry.Find(modem) is not null || context.Request.Headers.ContainsKey(FleetNodeAuthentication.FromHeader)
            || fleet.RemoteOwnerOf(modem) is not { } owner)
        {
            await next(context);
            return;
        }

        if (owner.State == FleetNodeState.Dead)
        {
            await Problem(context, 503, "Node down", $"{modem} is attached to node {owner.Name}, which has not been seen since {owner.LastSeenAt:u}; its modems are offline until it returns.");
            return;
        }

        if (owner.Url is null)
        {
            await Problem(context, 502, "Node unreachable", $"{modem} is attached to node {owner.Name}, which has no Gateway:Node:Url for the others to reach it.");
            return;
        }

        var target = new Uri(new Uri(owner.Url), context.Request.Path + context.Request.QueryString);
        using var forwarded = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            forwarded.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } type)
            {
                forwarded.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        forwarded.Headers.TryAddWithoutValidation(FleetNodeAuthentication.TokenHeader, await secret.GetAsync(context.RequestAborted));
        forwarded.Headers.TryAddWithoutValidation(FleetNodeAuthentication.FromHeader, fleet.LocalNode);
        try
        {
            using var answer = await clients.CreateClient(HttpClientName).SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)answer.StatusCode;
            if (answer.Content.Headers.ContentType is { } contentType)
            {
                context.Response.ContentType = contentType.ToString();
            }

            context.Response.Headers["X-ReEngage-Node"] = owner.Name;
            await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            LogForwardFailed(logger, modem, owner.Name, ex);
            await Problem(context, 502, "Node unreachable", $"{modem} is attached to node {owner.Name} at {owner.Url}, which did not answer: {ex.Message}");
        }
    }

    private static bool IsModemAction(HttpContext context, out string modem)
    {
        modem = string.Empty;
        if (context.GetEndpoint() is RouteEndpoint endpoint
            && endpoint.RoutePattern.RawText is { } pattern
            && pattern.Contains("modems/{name", StringComparison.OrdinalIgnoreCase)
            && context.Request.RouteValues["name"] is string name)
        {
            modem = name;
            return true;
        }

        return false;
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);

    [LoggerMessage(6030, LogLevel.Warning, "Forwarding an action for modem {Modem} to node {Node} failed")]
    private static partial void LogForwardFailed(ILogger logger, string modem, string node, Exception exception);
}
