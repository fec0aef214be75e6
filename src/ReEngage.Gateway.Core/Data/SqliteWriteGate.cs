using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ReEngage.Gateway.Core.Data;

/// <summary>
/// SQLite has one writer at a time; concurrent writers that collide back off by sleeping (busy timeout),
/// which wastes most of the time under load. This queues the process's own writers (SaveChanges) in
/// FIFO order instead, so they take turns without collisions.
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    // The contexts holding the gate: a context inside an explicit transaction (RunAsync with a context)
    // saves without waiting for the gate it already holds. Only one context holds it at a time.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, byte> holders = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// False on PostgreSQL, which has row locks and many writers: the gate then lets every writer through, and
    /// its interceptor is not installed.
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Runs a write outside EF's SaveChanges (bulk inserts) under the same gate. It must not call SaveChanges itself.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (!Enabled)
        {
            return await write().ConfigureAwait(false);
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Runs a transaction of <paramref name="context"/> under the gate: its SaveChanges calls inside do not
    /// wait for the gate again (they would wait for themselves), and nothing else in the process writes
    /// until it ends — SQLite would make them wait anyway, sleeping on its busy timeout instead of queueing.
    /// </summary>
    public async Task<T> RunAsync<T>(object context, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        if (!Enabled)
        {
            return await write().ConfigureAwait(false);
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        holders[context] = 1;
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            holders.TryRemove(context, out _);
            gate.Release();
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (!holders.ContainsKey(eventData.Context!))
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            holders[eventData.Context!] = 0;
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (!holders.ContainsKey(eventData.Context!))
        {
            gate.Wait();
            holders[eventData.Context!] = 0;
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Exit(eventData);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Exit(eventData);

    // EF reports a concurrency failure (an UPDATE or DELETE that found its row gone: a message erased or
    // cancelled while the dispatcher held it) here and not through SaveChangesFailed: without this the
    // gate stayed taken and every later write in the process waited for ever.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Exit(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Exit(eventData);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(eventData);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Exit(eventData);

    public void Dispose() => gate.Dispose();

    private void Exit(DbContextEventData eventData)
    {
        // A context holding the gate for a whole transaction (value 1) keeps it until RunAsync ends.
        if (eventData.Context is { } context && holders.TryGetValue(context, out var whole) && whole == 0 && holders.TryRemove(context, out _))
        {
            gate.Release();
        }
    }
}
