using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>One request a fake receiver got, with what it answered (null: it never answered).</summary>
internal sealed record ReceivedRequest(string Host, string WebhookId, string Body, HttpStatusCode? Answer, TimeSpan At);

/// <summary>
/// Webhook receivers in memory, one behaviour per host: stands in for the HTTP client factory, so the
/// sender's requests reach them without a network. Every request is recorded with the answer it got.
/// </summary>
internal sealed class FakeReceivers : HttpMessageHandler, IHttpClientFactory
{
    private readonly ConcurrentDictionary<string, Func<string, CancellationToken, Task<HttpStatusCode>>> answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Called after each request is recorded.</summary>
    public event Action<ReceivedRequest>? Received;

    /// <summary>How the receiver at <paramref name="host"/> answers a body.</summary>
    public void On(string host, Func<string, CancellationToken, Task<HttpStatusCode>> answer) => answers[host] = answer;

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    public IEnumerable<ReceivedRequest> Delivered(string host) =>
        Requests.Where(r => r.Host == host && r.Answer == HttpStatusCode.OK);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.Host;
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var id = request.Headers.GetValues("webhook-id").Single();
        HttpStatusCode? status = null;
        try
        {
            status = await (answers.TryGetValue(host, out var answer) ? answer(body, cancellationToken) : Task.FromResult(HttpStatusCode.NotFound));
            return new HttpResponseMessage(status.Value);
        }
        finally
        {
            var received = new ReceivedRequest(host, id, body, status, clock.Elapsed);
            Requests.Enqueue(received);
            Received?.Invoke(received);
        }
    }
}
