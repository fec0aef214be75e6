using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ReEngage.Gateway.Hosting;

namespace ReEngage.Gateway.Tests.Smtp;

/// <summary>Email to SMS on /metrics: accepted mails, the SMS stored from them, and refusals by reason.</summary>
public sealed class SmtpMetricsTests(SmtpGateway gateway) : IClassFixture<SmtpGateway>
{
    [Fact]
    public async Task Accepted_mails_stored_messages_and_refusals_by_reason_are_on_metrics()
    {
        var before = await ScrapeAsync();
        Assert.Equal(0, Value(before, "reengage_smtp_refused_total{reason=\"recipient_number\"}"));
        Assert.Equal(0, Value(before, "reengage_smtp_mails_accepted_total"));

        using (var client = await ConnectAsync())
        {
            // One mechanism, one attempt: given a user and password, MailKit would try PLAIN and then LOGIN (two refusals).
            await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new SaslMechanismPlain("panel", "not-a-key")));
            await client.AuthenticateAsync("panel", GatewayFactory.Key);
            await client.SendAsync(Mail("+393471234580@sms.local", "+393471234581@sms.local"));
            await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Mail("12ab@sms.local")));
            await client.DisconnectAsync(quit: true);
        }

        var after = await ScrapeAsync();
        Assert.Equal(1, Value(after, "reengage_smtp_mails_accepted_total"));
        Assert.Equal(2, Value(after, "reengage_smtp_messages_total"));
        Assert.Equal(1, Value(after, "reengage_smtp_refused_total{reason=\"authentication\"}"));
        Assert.Equal(1, Value(after, "reengage_smtp_refused_total{reason=\"recipient_number\"}"));
        Assert.Equal(0, Value(after, "reengage_smtp_refused_total{reason=\"sender\"}"));
    }

    private async Task<SmtpClient> ConnectAsync()
    {
        // The gateway's own certificate is self-signed: trusted by its fingerprint, as a device told it would be.
        var expected = gateway.Factory.Services.GetRequiredService<GatewayHttps>().Certificate!.Fingerprint;
        var client = new SmtpClient
        {
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && HttpsCertificates.Fingerprint(new X509Certificate2(certificate)) == expected,
        };
        await client.ConnectAsync("127.0.0.1", gateway.Port, SecureSocketOptions.StartTlsWhenAvailable);
        return client;
    }

    private static MimeMessage Mail(params string[] to)
    {
        var mail = new MimeMessage { Subject = "" };
        mail.From.Add(MailboxAddress.Parse("alarm@example.com"));
        foreach (var address in to)
        {
            mail.To.Add(MailboxAddress.Parse(address));
        }

        mail.Body = new TextPart("plain") { Text = "Metrics test" };
        return mail;
    }

    private Task<string> ScrapeAsync() => gateway.Factory.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative));

    private static double Value(string scrape, string series) =>
        new MetricsScrape(scrape).Sample(series) ?? throw new Xunit.Sdk.XunitException($"{series} is not on /metrics:\n{scrape}");
}
