using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Hosting;
using SmtpServer;
using SmtpServer.Net;

namespace ReEngage.Gateway.Smtp;

/// <summary>
/// The email-to-SMS listener (Gateway:Smtp), on the SmtpServer library: AUTH with an API key, STARTTLS with the
/// gateway's HTTPS certificate when it has one, our filter and store for the addresses and the messages. The port is
/// bound at start, so a port in use stops start-up with its reason, as the SMPP port does.
/// </summary>
internal sealed class SmtpListener(
    IOptions<SmtpOptions> options,
    GatewayHttps https,
    SmtpKeyAuthenticator authenticator,
    SmtpAddressFilter addresses,
    SmtpMessageStore store,
    ILogger<SmtpListener> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private SmtpServer.SmtpServer? server;
    private Task running = Task.CompletedTask;

    /// <summary>The bound port (the configured one, or the one the system chose for Port 0); null when disabled.</summary>
    public int? Port { get; private set; }

    /// <summary>True when STARTTLS is offered (the gateway has its HTTPS certificate).</summary>
    public bool Tls { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var certificate = https.Certificate?.Certificate;
        Tls = certificate is not null;
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName(settings.Domain)
            .MaxMessageSize(settings.MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .MaxAuthenticationAttempts(3)
            // Each refused recipient counts as a retry: a mail to ten numbers of which a few are bad must not lose the session.
            .MaxRetryCount(20)
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Any, settings.Port))
                    .AuthenticationRequired()
                    .AllowUnsecureAuthentication(!settings.RequireTls)
                    .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                if (certificate is not null)
                {
                    endpoint.Certificate(certificate);
                }
            })
            .Build();

        var bound = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => bound.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(authenticator);
        services.Add(addresses);
        services.Add(store);
        server = new SmtpServer.SmtpServer(serverOptions, services);
        running = server.StartAsync(stopping.Token);

        // The listener is bound synchronously inside StartAsync: either the port is known now or binding failed.
        if (await Task.WhenAny(bound.Task, running).ConfigureAwait(false) == running)
        {
            await running.ConfigureAwait(false);
            throw new InvalidOperationException($"{SmtpOptions.Section}: the SMTP listener stopped before it was bound.");
        }

        Port = await bound.Task.ConfigureAwait(false);
        SmtpLog.Listening(logger, Port.Value, settings.Domain, Tls);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is null)
        {
            return;
        }

        // Stop listening but let the sessions in progress finish: a mail being stored is answered, not cut off.
        server.Shutdown();
        try
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => stopping.Dispose();
}
