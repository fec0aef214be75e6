using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using ReEngage.Gateway.Client;
using ReEngage.Gateway.Client.Models;

namespace ReEngage.Gateway.Tests;

/// <summary>The C# client generated from the document, used as an integrator would, against the running gateway.</summary>
public sealed class GeneratedClientTests : IClassFixture<GeneratedClientTests.Gateway>
{
    private readonly GatewayFactory factory;

    public GeneratedClientTests(Gateway fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        factory = fixture.Factory;
    }

    private GatewayClient Client()
    {
        // As the README shows: the key on the HttpClient, the gateway's address as the base URL.
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", GatewayFactory.Key);
        return new GatewayClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') });
    }

    [Fact]
    public async Task Messages_SentInBulk_ReadListedAndCancelled_ThroughTheClient()
    {
        var client = Client();
        var accepted = await client.Api.V1.Messages.PostAsync(new SendMessageBody { To = "+393471300001", Text = "Your order has shipped", Reference = "order-77" });
        Assert.Equal(MessageStatus.Queued, accepted!.Status);
        Assert.Equal("order-77", accepted.Reference);
        var id = accepted.Id!.Value;

        var bulk = await client.Api.V1.Messages.Bulk.PostAsync(new BulkBody
        {
            Messages = [new SendMessageBody { To = "+393471300002", Text = "One" }, new SendMessageBody { To = "not a number", Text = "Two" }],
        });
        Assert.Single(bulk!.Accepted!);
        Assert.Equal(1, Assert.Single(bulk.Rejected!).Index);

        MessageDto? message = null;
        for (var i = 0; i < 200 && message?.Status != MessageStatus.Delivered; i++)
        {
            message = await client.Api.V1.Messages[id].GetAsync();
            await Task.Delay(50);
        }

        Assert.Equal(MessageStatus.Delivered, message!.Status);
        Assert.Equal("order-77", message.Reference);
        Assert.Equal(MessageEncoding.Gsm7, message.Encoding);

        var page = await client.Api.V1.Messages.GetAsync(r => { r.QueryParameters.To = "+393471300001"; r.QueryParameters.Limit = 10; });
        Assert.Equal(id, Assert.Single(page!.Items!).Id);

        var later = await client.Api.V1.Messages.PostAsync(new SendMessageBody { To = "+393471300003", Text = "Tomorrow", SendAt = DateTimeOffset.UtcNow.AddDays(1) });
        var laterId = later!.Id!.Value;
        await client.Api.V1.Messages[laterId].DeleteAsync();
        Assert.Equal(MessageStatus.Cancelled, (await client.Api.V1.Messages[laterId].GetAsync())!.Status);

        // A documented problem arrives as the generated ProblemDetails exception, with its status.
        var tooLate = await Assert.ThrowsAsync<ProblemDetails>(() => client.Api.V1.Messages[id].DeleteAsync());
        Assert.Equal(409, tooLate.Status);
    }

    [Fact]
    public async Task AWebhook_AContact_AndItsActivity_ThroughTheClient()
    {
        var client = Client();
        var hook = await client.Api.V1.Webhooks.PostAsync(new WebhookBody { Url = "http://127.0.0.1:9/hooks/sms", Events = ["message.status"] });
        Assert.StartsWith("whsec_", hook!.Secret, StringComparison.Ordinal);
        Assert.Contains(await client.Api.V1.Webhooks.GetAsync() ?? [], w => w.Id == hook.Id);

        var contact = await client.Api.V1.Contacts.ByExternalId["shop-9001"].PutAsync(new ContactInput { Phone = "+393471300010", FirstName = "Ada", Tags = ["vip"] });
        Assert.Equal("shop-9001", contact!.ExternalId);
        Assert.Equal(contact.Id, (await client.Api.V1.Contacts[contact.Id!.Value].GetAsync())!.Id);

        var recorded = await client.Api.V1.Events.PostAsync(new EventBody { Contact = new ContactReference { ExternalId = "shop-9001" }, Type = "purchase", Value = 42.5, Currency = "EUR" });
        Assert.Equal(contact.Id, recorded!.ContactId);
        var many = await client.Api.V1.Events.Bulk.PostAsync(new EventsBody
        {
            Events = [new EventBody { Contact = new ContactReference { Phone = "+393471300010" }, Type = "visit" }, new EventBody { Contact = new ContactReference { ExternalId = "nobody" }, Type = "visit" }],
        });
        Assert.Equal(1, many!.Accepted);
        Assert.Equal(1, Assert.Single(many.Rejected!).Index);

        var timeline = await client.Api.V1.Contacts[contact.Id.Value].Timeline.GetAsync();
        Assert.Contains(timeline!, t => t.What == "purchase");
    }

    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new();

        public Task InitializeAsync() => Factory.WaitForModemsAsync();

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
