using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>One request a fake receiver got, with what it answered (null: it never answered) and the node that sent it (<see cref="FakeReceivers.ForNode"/>).</summary>
internal sealed record ReceivedRequest(string Host, string WebhookId, string Body, HttpStatusCode? Answer, TimeSpan At, string? Node = null);

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

    /// <summary>Called with the sending node (null when untagged) as each request arrives, before it is answered.</summary>
    public Func<string?, CancellationToken, Task>? Arriving { get; set; }

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    /// <summary>
    /// The same receivers as seen from one node: its requests are recorded with the node's name, so a test of
    /// several senders can tell who delivered what.
    /// </summary>
    public IHttpClientFactory ForNode(string node) => new NodeTag(node, this);

    public IEnumerable<ReceivedRequest> Delivered(string host) =>
        Requests.Where(r => r.Host == host && r.Answer == HttpStatusCode.OK);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri!.Host;
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var id = request.Headers.GetValues("webhook-id").Single();
        var node = request.Options.TryGetValue(NodeTag.Key, out var tagged) ? tagged : null;
        HttpStatusCode? status = null;
        try
        {
            if (Arriving is { } arriving)
            {
                await arriving(node, cancellationToken);
            }

            status = await (answers.TryGetValue(host, out var answer) ? answer(body, cancellationToken) : Task.FromResult(HttpStatusCode.NotFound));
            return new HttpResponseMessage(status.Value);
        }
        finally
        {
            var received = new ReceivedRequest(host, id, body, status, clock.Elapsed, node);
            Requests.Enqueue(received);
            Received?.Invoke(received);
        }
    }
}

/// <summary>Marks each request with the node it came from (a request option: nothing the sender could see or sign).</summary>
internal sealed class NodeTag(string node, HttpMessageHandler receivers) : DelegatingHandler(receivers), IHttpClientFactory
{
    public static readonly HttpRequestOptionsKey<string> Key = new("test-node");

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(Key, node);
        return base.SendAsync(request, cancellationToken);
    }
}
