using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using ReEngage.Gateway.Hosting;

namespace ReEngage.Gateway.Tests.Smtp;

/// <summary>
/// Email to SMS with a real SMTP client (MailKit, in-process) against the real gateway on simulated modems:
/// AUTH with an API key over STARTTLS, one message per recipient, the text as a phone should get it, and every
/// refusal as an SMTP reply that says why.
/// </summary>
public sealed class EmailToSmsTests(SmtpGateway gateway) : IClassFixture<SmtpGateway>
{
    [Fact]
    public async Task Mail_to_two_numbers_over_starttls_is_stored_as_two_messages_with_the_subject_and_without_the_signature_then_delivered()
    {
        using var client = await ConnectAsync();
        Assert.True(client.IsSecure, "STARTTLS with the gateway's HTTPS certificate");
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        await client.AuthenticateAsync("alarm-panel", GatewayFactory.Key);

        var mail = Mail("+393471234567@sms.local", "3471234568@sms.local");
        mail.Subject = "ALARM zone 3";
        mail.Body = new TextPart("plain") { Text = "Door opened at 02:14.\r\n\r\n\r\n\r\nCamera 2 recording.   \r\n-- \r\nAcme Alarm Panel v2\r\nsupport@acme.example\r\n" };
        var reply = await client.SendAsync(mail);

        Assert.Contains("Stored as SMS message", reply, StringComparison.Ordinal);
        var stored = await gateway.StoredAsync(reply);
        Assert.Equal(["+393471234567", "+393471234568"], stored.Select(m => m.To));
        Assert.All(stored, m =>
        {
            Assert.Equal("ALARM zone 3\nDoor opened at 02:14.\n\nCamera 2 recording.", m.Text);
            Assert.Equal("smtp:alarm@example.com", m.Source);
        });

        // Stored is the same as the API's accepted: the modems send it and the network delivers it.
        using var api = gateway.Factory.Api();
        foreach (var (id, _, _, _) in stored)
        {
            await api.WaitForStatusAsync(id, "delivered");
        }
    }

    [Fact]
    public async Task An_html_only_mail_is_sent_as_its_text()
    {
        using var client = await ConnectAsync();
        await client.AuthenticateAsync("nas", GatewayFactory.Key);
        var mail = Mail("+393471234569@sms.local");
        mail.Subject = "";
        mail.Body = new TextPart("html")
        {
            Text = "<html><head><title>Report</title><style>p { color: red }</style></head><body><p>Backup <b>failed</b> on NAS&nbsp;1</p><div>Check&amp;replace disk 2<br>Code: E42</div><script>alert(1)</script></body></html>",
        };

        var stored = await gateway.StoredAsync(await client.SendAsync(mail));

        Assert.Equal("Backup failed on NAS 1\nCheck&replace disk 2\nCode: E42", Assert.Single(stored).Text);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_at_auth_and_nothing_can_be_sent_without_one()
    {
        using var client = await ConnectAsync();
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync("panel", "rk_not-a-key"));

        using var anonymous = await ConnectAsync();
        // MailKit reads the server's 530 to MAIL FROM as this exception.
        var refused = await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => anonymous.SendAsync(Mail("+393471234567@sms.local")));
        Assert.Contains("authentication required", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_bad_recipient_is_refused_at_rcpt_with_its_reason_while_the_good_one_gets_the_sms()
    {
        using var client = await ConnectAsync(new PartialClient());
        await client.AuthenticateAsync("panel", GatewayFactory.Key);
        var mail = Mail("+393471234570@sms.local", "12ab@sms.local", "+393471234571@example.org");
        mail.Body = new TextPart("plain") { Text = "Power restored" };

        var reply = await client.SendAsync(mail);

        var refusals = ((PartialClient)client).Refused;
        Assert.Equal(2, refusals.Count);
        Assert.Contains(refusals, r => r.Mailbox == "12ab@sms.local" && r.Response.Contains("5.1.1", StringComparison.Ordinal) && r.Response.Contains("not a phone number", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Mailbox == "+393471234571@example.org" && r.Response.Contains("only <number>@sms.local", StringComparison.Ordinal));
        var stored = Assert.Single(await gateway.StoredAsync(reply));
        Assert.Equal(("+393471234570", "Power restored"), (stored.To, stored.Text));
    }

    [Fact]
    public async Task A_sender_outside_allowed_senders_is_refused_at_mail_from()
    {
        using var client = await ConnectAsync();
        await client.AuthenticateAsync("panel", GatewayFactory.Key);
        var mail = Mail("+393471234567@sms.local");
        mail.From.Clear();
        mail.From.Add(MailboxAddress.Parse("intruder@elsewhere.test"));

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(mail));

        Assert.Equal(SmtpErrorCode.SenderNotAccepted, refused.ErrorCode);
        Assert.Contains("AllowedSenders", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_over_max_parts_bounces_with_the_parts_it_needs_and_stores_nothing()
    {
        using var client = await ConnectAsync();
        await client.AuthenticateAsync("panel", GatewayFactory.Key);
        var before = await gateway.CountAsync();
        var mail = Mail("+393471234567@sms.local");
        mail.Body = new TextPart("plain") { Text = string.Concat(Enumerable.Repeat("The UPS battery is low. ", 20)) };

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(mail));

        Assert.Equal(SmtpErrorCode.MessageNotAccepted, refused.ErrorCode);
        Assert.Equal(SmtpStatusCode.TransactionFailed, refused.StatusCode);
        Assert.Contains("5.3.4 The text is too long for SMS", refused.Message, StringComparison.Ordinal);
        Assert.Contains("need 4 parts", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at most 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await gateway.CountAsync());
    }

    [Fact]
    public async Task The_same_mail_sent_again_after_a_lost_reply_finds_its_messages_instead_of_sending_twice()
    {
        using var client = await ConnectAsync();
        await client.AuthenticateAsync("panel", GatewayFactory.Key);
        var mail = Mail("+393471234572@sms.local");
        mail.Body = new TextPart("plain") { Text = "Freezer temperature high" };

        var first = await gateway.StoredAsync(await client.SendAsync(mail));
        var again = await gateway.StoredAsync(await client.SendAsync(mail));

        Assert.Equal(first.Select(m => m.Id), again.Select(m => m.Id));
    }

    private async Task<SmtpClient> ConnectAsync(SmtpClient? client = null)
    {
        client ??= new SmtpClient();
        // The gateway's own certificate is self-signed: trusted by its fingerprint, as a device told it would be.
        var expected = gateway.Factory.Services.GetRequiredService<GatewayHttps>().Certificate!.Fingerprint;
        client.ServerCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && HttpsCertificates.Fingerprint(new X509Certificate2(certificate)) == expected;
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

        mail.Body = new TextPart("plain") { Text = "Test" };
        return mail;
    }

    /// <summary>A client that goes on with the recipients that were accepted, as mail programs do, noting the refused ones.</summary>
    private sealed class PartialClient : SmtpClient
    {
        public List<(string Mailbox, string Response)> Refused { get; } = [];

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
            Refused.Add((mailbox.Address, response.Response));
    }
}
