using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ReEngage.Gateway.Tests;

/// <summary>A request a <see cref="LoopbackReceiver"/> got: its headers as a receiver's framework sees them, and its body.</summary>
internal sealed record ReceivedWebhook(IHeaderDictionary Headers, string Body)
{
    public string Id => Headers["webhook-id"].ToString();
}

/// <summary>A webhook receiver on a loopback port: records every request and answers with <see cref="Answer"/>.</summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly Channel<ReceivedWebhook> requests = Channel.CreateUnbounded<ReceivedWebhook>();
    private WebApplication app = null!;

    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public string Url { get; private set; } = string.Empty;

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var receiver = new LoopbackReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        receiver.app = builder.Build();
        receiver.app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            await receiver.requests.Writer.WriteAsync(new ReceivedWebhook(new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
            return Results.StatusCode((int)receiver.Answer);
        });
        await receiver.app.StartAsync();
        receiver.Url = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    /// <summary>The next request, within <paramref name="within"/> (the sender polls every half second; a retry comes 5 s after a failure).</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(15));
        return await requests.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Requests received and not yet taken with <see cref="NextAsync"/>.</summary>
    public int Waiting => requests.Reader.Count;

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
