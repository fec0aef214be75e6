using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Hosting;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// The SMPP listeners (Gateway:Smpp): a TCP port of its own beside Kestrel's, so the HTTP addresses given by --urls
/// stay as they are, and optionally a TLS port (TlsPort) with the certificate the gateway serves HTTPS with. The ports
/// are bound at start, so a port in use stops start-up with its reason.
/// </summary>
internal sealed class SmppServer(IOptions<SmppOptions> options, SmppServerContext context, GatewayHttps https, ILogger<SmppServer> logger) : BackgroundService
{
    private readonly List<Task> connections = [];
    private readonly Lock gate = new();
    private TcpListener? listener;
    private TcpListener? tlsListener;

    /// <summary>The bound port (the configured one, or the one the system chose for Port 0); null when disabled.</summary>
    public int? Port { get; private set; }

    /// <summary>The bound TLS port; null when TlsPort is not set or there is no certificate.</summary>
    public int? TlsPort { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            listener = Listen(options.Value.Port);
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            SmppLog.Listening(logger, Port.Value);
            if (options.Value.TlsPort is { } tlsPort)
            {
                if (https.Certificate is null)
                {
                    // Gateway:Https is off: there is no certificate to serve, and a plain port named TLS would mislead.
                    SmppLog.NoTlsCertificate(logger, tlsPort);
                }
                else
                {
                    tlsListener = Listen(tlsPort);
                    TlsPort = ((IPEndPoint)tlsListener.LocalEndpoint).Port;
                    SmppLog.ListeningTls(logger, TlsPort.Value, https.Certificate.Fingerprint);
                }
            }
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        try
        {
            await Task.WhenAll(AcceptAsync(listener, tls: false, stoppingToken), tlsListener is null ? Task.CompletedTask : AcceptAsync(tlsListener, tls: true, stoppingToken)).ConfigureAwait(false);
        }
        finally
        {
            Task[] open;
            lock (gate)
            {
                open = [.. connections];
            }

            await Task.WhenAll(open).ConfigureAwait(false);
        }
    }

    private static TcpListener Listen(int port)
    {
        var tcp = Socket.OSSupportsIPv6 ? new TcpListener(IPAddress.IPv6Any, port) : new TcpListener(IPAddress.Any, port);
        if (Socket.OSSupportsIPv6)
        {
            tcp.Server.DualMode = true;
        }

        tcp.Start();
        return tcp;
    }

    private async Task AcceptAsync(TcpListener tcp, bool tls, CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var socket = await tcp.AcceptSocketAsync(stoppingToken).ConfigureAwait(false);
                socket.NoDelay = true;
                var remote = socket.RemoteEndPoint?.ToString() ?? "?";
                lock (gate)
                {
                    connections.RemoveAll(t => t.IsCompleted);
                    connections.Add(Task.Run(() => RunAsync(new NetworkStream(socket, ownsSocket: true), remote, tls, stoppingToken), CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            tcp.Stop();
        }
    }

    private async Task RunAsync(NetworkStream network, string remote, bool tls, CancellationToken stoppingToken)
    {
        Stream stream = network;
        if (tls)
        {
            var secure = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                // The handshake has the idle timeout to finish: a client that connects and says nothing holds no task for long.
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                handshake.CancelAfter(options.Value.IdleTimeout);
                await secure.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = https.Certificate!.Certificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                }, handshake.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
            {
                SmppLog.TlsFailed(logger, remote, ex.Message);
                await secure.DisposeAsync().ConfigureAwait(false);
                return;
            }

            stream = secure;
        }

        await new SmppConnection(stream, remote, context).RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
