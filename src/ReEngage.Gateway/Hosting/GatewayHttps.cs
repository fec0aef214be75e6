using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;

namespace ReEngage.Gateway.Hosting;

/// <summary>HTTPS as this process serves it: the certificate, whether it listens, where, and why not.</summary>
internal sealed class GatewayHttps
{
    /// <summary>The certificate in force (null: Gateway:Https:Enabled is false).</summary>
    public GatewayCertificate? Certificate { get; set; }

    /// <summary>True once HTTPS addresses were given to Kestrel beside the HTTP ones.</summary>
    public bool Listening { get; set; }

    /// <summary>The first HTTPS address Kestrel bound (e.g. https://[::]:5443), known after start.</summary>
    public string? Address { get; set; }

    /// <summary>Why HTTPS does not listen although it is enabled (the port was taken, ...).</summary>
    public string? Problem { get; set; }

    public int Port { get; set; }

    /// <summary>The HTTPS URL of what a request asked over HTTP: the same host, the HTTPS port.</summary>
    public string UrlFor(HttpRequest request, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Host.HasValue ? request.Host.Host : request.HttpContext.Connection.LocalIpAddress?.ToString() ?? "localhost";
        return UriHelper.BuildAbsolute("https", new HostString(host.Trim('[', ']'), Port), request.PathBase, path ?? request.Path, path is null ? request.QueryString : default);
    }
}

/// <summary>
/// Adds the HTTPS addresses beside the HTTP ones Kestrel was given (--urls, ASPNETCORE_URLS, HTTP_PORTS or the
/// default): the same hosts, Gateway:Https:Port. It runs just before the server starts, when those addresses are
/// known, and binds the port once to see it is free: a taken port is a warning and the gateway runs on HTTP alone
/// (a technician must not lose the dashboard over it). With Gateway:Https:RedirectHttp it puts the redirect first
/// in the pipeline.
/// </summary>
internal sealed partial class HttpsStartupFilter(GatewayHttps https, IOptions<GatewayOptions> options, ILogger<HttpsStartupFilter> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        AddAddresses(app.ServerFeatures.Get<IServerAddressesFeature>());
        if (https.Listening && options.Value.Https.RedirectHttp)
        {
            app.UseMiddleware<HttpToHttpsRedirect>();
        }

        next(app);
    };

    private void AddAddresses(IServerAddressesFeature? feature)
    {
        var settings = options.Value.Https;
        https.Port = settings.Port;
        if (https.Certificate is null || feature is null || feature.Addresses.IsReadOnly)
        {
            // Disabled, or not Kestrel (the tests' in-memory server has no addresses).
            return;
        }

        var addresses = feature.Addresses.ToList();
        var http = addresses.Select(a => BindingAddress.Parse(a)).Where(a => !a.IsUnixPipe && !a.IsNamedPipe && a.Scheme == "http").ToList();
        if (addresses.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
        {
            // HTTPS addresses given by hand (--urls https://…): they are served with the gateway's certificate.
            https.Listening = true;
            return;
        }

        if (http.Count == 0)
        {
            return;
        }

        if (http.FirstOrDefault(a => a.Port == settings.Port) is { } same)
        {
            Refuse($"HTTP already uses port {settings.Port} ({same}); set Gateway:Https:Port to another port");
            return;
        }

        var hosts = http.Select(a => a.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var host in hosts)
        {
            if (Probe(host, settings.Port) is { } problem)
            {
                Refuse($"port {settings.Port} on {host} cannot be used ({problem})");
                return;
            }
        }

        // Before the HTTP addresses: a caller that takes the last bound address as "the" URL (the test
        // factory's client) keeps the HTTP one.
        feature.Addresses.Clear();
        foreach (var address in hosts.Select(host => $"https://{host}:{settings.Port}").Concat(addresses))
        {
            feature.Addresses.Add(address);
        }

        https.Listening = true;
        if (settings.RedirectHttp && options.Value.Database.Provider == DatabaseProvider.Postgres)
        {
            LogFleetRedirect(logger);
        }
    }

    private void Refuse(string problem)
    {
        https.Problem = problem;
        LogNotListening(logger, problem);
    }

    /// <summary>Binds the port on the addresses Kestrel will bind for this host, then lets it go; null when free.</summary>
    private static string? Probe(string host, int port)
    {
        IPAddress[] addresses = host switch
        {
            "localhost" => Socket.OSSupportsIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback],
            _ when IPAddress.TryParse(host.Trim('[', ']'), out var ip) => [ip],
            _ => [Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any], // *, +, a name: Kestrel listens on every address
        };
        foreach (var address in addresses)
        {
            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                if (address.Equals(IPAddress.IPv6Any))
                {
                    socket.DualMode = true;
                }

                if (!OperatingSystem.IsWindows())
                {
                    // As Kestrel binds on Linux: a port with connections still closing (TIME_WAIT) is free.
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }

                socket.Bind(new IPEndPoint(address, port));
                socket.Listen(1);
            }
            catch (SocketException ex) when (host == "localhost" && address.Equals(IPAddress.IPv6Loopback) && ex.SocketErrorCode != SocketError.AddressAlreadyInUse)
            {
                // No IPv6 loopback here: Kestrel does without it too.
            }
            catch (SocketException ex)
            {
                return ex.SocketErrorCode == SocketError.AddressAlreadyInUse ? "another program listens on it" : ex.Message;
            }
        }

        return null;
    }

    [LoggerMessage(3110, LogLevel.Warning, "HTTPS is not served: {Problem}. The gateway runs on HTTP only.")]
    private static partial void LogNotListening(ILogger logger, string problem);

    [LoggerMessage(3111, LogLevel.Warning, "Gateway:Https:RedirectHttp is on in a fleet: modem actions the other nodes forward to this node's Gateway:Node:Url over http:// are redirected too; give the nodes an https:// Url they trust, or leave RedirectHttp off")]
    private static partial void LogFleetRedirect(ILogger logger);
}

/// <summary>
/// Gateway:Https:RedirectHttp: a request over HTTP gets a 307 to the same URL over HTTPS, except /healthz and
/// /metrics, which monitoring (Prometheus, a load balancer's check, reengage doctor) reads over plain HTTP and
/// cannot be expected to trust a self-signed certificate. 307, not 308: a browser remembers a permanent redirect,
/// and turning HTTPS off again must not leave it knocking on a closed port.
/// </summary>
internal sealed class HttpToHttpsRedirect(RequestDelegate next, GatewayHttps https)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = https.UrlFor(context.Request);
        return Task.CompletedTask;
    }
}
