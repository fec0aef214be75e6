using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Tests;

/// <summary>The overlap of a secret rotation on the gateway's clock, checked by the Standard Webhooks library as a receiver would.</summary>
public sealed class SecretRotationTests
{
    [Fact]
    public async Task TheOldSecret_VerifiesDuringTheOverlap_AndNotAfter()
    {
        // The library refuses timestamps more than 5 minutes from the real time: the overlap ends 2 minutes from now.
        var rotatedAt = DateTimeOffset.UtcNow - TimeSpan.FromHours(24) + TimeSpan.FromMinutes(2);
        var time = new FakeTimeProvider(rotatedAt);
        var oldSecret = WebhookSignatures.NewSecret();
        var hook = new Webhook { Id = 1, Url = "http://shop.test/hook", Events = WebhookEvents.MessageStatus, Secret = oldSecret };
        hook.RotateSecret(WebhookSignatures.NewSecret(), rotatedAt, TimeSpan.FromHours(24));
        var capture = new CapturingHandler();
        var poster = new WebhookPoster(capture, Options.Create(new GatewayOptions()), time);
        var delivery = new WebhookDelivery { Id = 7, Event = WebhookEvents.MessageStatus, Payload = "{\"event\":\"message.status\",\"data\":{\"id\":1}}" };

        time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(3));
        Assert.True((await poster.PostAsync(hook, delivery, CancellationToken.None)).Delivered);
        Assert.True(StandardWebhookReceiver.Verifies(hook.Secret, delivery.Payload, capture.Last), "the new secret must verify");
        Assert.True(StandardWebhookReceiver.Verifies(oldSecret, delivery.Payload, capture.Last), "the old secret must verify during the overlap");

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await poster.PostAsync(hook, delivery, CancellationToken.None)).Delivered);
        Assert.True(StandardWebhookReceiver.Verifies(hook.Secret, delivery.Payload, capture.Last), "the new secret must verify");
        Assert.False(StandardWebhookReceiver.Verifies(oldSecret, delivery.Payload, capture.Last), "the old secret must not verify after the overlap");
        Assert.DoesNotContain(' ', capture.Last["webhook-signature"].ToString());
    }

    /// <summary>Answers 200 to everything and keeps the last request's headers as a receiver's framework would see them.</summary>
    private sealed class CapturingHandler : HttpMessageHandler, IHttpClientFactory
    {
        public HeaderDictionary Last { get; private set; } = new();

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => new Microsoft.Extensions.Primitives.StringValues([.. h.Value])));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
