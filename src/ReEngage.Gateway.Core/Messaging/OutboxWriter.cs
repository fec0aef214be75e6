using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>
/// Group commit for single messages: requests that arrive together are inserted in one transaction,
/// and each is answered only after that transaction committed — the same durability as one
/// transaction per message, without paying a commit per request under load. The batch's sticky modems
/// (<see cref="StickyRouting"/>) are looked up together too, just before.
/// </summary>
public sealed class OutboxWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly IServiceScopeFactory scopes;
    private readonly Transactions transactions;
    private readonly DatabaseEngine engine;
    private readonly Channel<(OutboundMessage Message, TaskCompletionSource Done)> queue = Channel.CreateUnbounded<(OutboundMessage, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    public OutboxWriter(IServiceScopeFactory scopes, Transactions transactions, DatabaseEngine engine)
    {
        this.scopes = scopes;
        this.transactions = transactions;
        this.engine = engine;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Stores a message; returns once it is committed (its Id is set).</summary>
    /// <exception cref="System.Data.Common.DbException">The message could not be stored (e.g. a duplicate idempotency key: see <see cref="DbErrors.IsUniqueViolation"/>).</exception>
    public Task WriteAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite((message, done)))
        {
            throw new InvalidOperationException("The outbox writer is stopped.");
        }

        // The write itself is not cancelled once queued: an accepted message must not half-exist.
        return done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<(OutboundMessage Message, TaskCompletionSource Done)>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            try
            {
                // Before the transaction: reads, so they hold no lock (nor SQLite's write gate) while they run.
                await StickyRouting.AssignAsync(db, [.. batch.Select(b => b.Message)], CancellationToken.None).ConfigureAwait(false);
                await BulkInsert.InsertAsync(db, engine, transactions, [.. batch.Select(b => b.Message)], CancellationToken.None).ConfigureAwait(false);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One bad row (a racing idempotency key) must not fail its neighbours: one by one.
                foreach (var (message, done) in batch)
                {
                    try
                    {
                        await BulkInsert.InsertAsync(db, engine, transactions, [message], CancellationToken.None).ConfigureAwait(false);
                        done.TrySetResult();
                    }
                    catch (Exception ex)
                    {
                        done.TrySetException(ex);
                    }
                }
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
        }
    }
}
