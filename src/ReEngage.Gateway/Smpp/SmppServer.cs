using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// The SMPP listener (Gateway:Smpp): a TCP port of its own beside Kestrel's, so the HTTP addresses given by
/// --urls stay as they are. The port is bound at start, so a port in use stops start-up with its reason.
/// </summary>
internal sealed class SmppServer(IOptions<SmppOptions> options, SmppServerContext context, ILogger<SmppServer> logger) : BackgroundService
{
    private readonly List<Task> connections = [];
    private readonly Lock gate = new();
    private TcpListener? listener;

    /// <summary>The bound port (the configured one, or the one the system chose for Port 0); null when disabled.</summary>
    public int? Port { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            listener = Socket.OSSupportsIPv6 ? new TcpListener(IPAddress.IPv6Any, options.Value.Port) : new TcpListener(IPAddress.Any, options.Value.Port);
            if (Socket.OSSupportsIPv6)
            {
                listener.Server.DualMode = true;
            }

            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            SmppLog.Listening(logger, Port.Value);
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
            while (!stoppingToken.IsCancellationRequested)
            {
                var socket = await listener.AcceptSocketAsync(stoppingToken).ConfigureAwait(false);
                socket.NoDelay = true;
                var remote = socket.RemoteEndPoint?.ToString() ?? "?";
                var connection = new SmppConnection(new NetworkStream(socket, ownsSocket: true), remote, context);
                lock (gate)
                {
                    connections.RemoveAll(t => t.IsCompleted);
                    connections.Add(Task.Run(() => connection.RunAsync(stoppingToken), CancellationToken.None));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            listener.Stop();
            Task[] open;
            lock (gate)
            {
                open = [.. connections];
            }

            await Task.WhenAll(open).ConfigureAwait(false);
        }
    }
}
