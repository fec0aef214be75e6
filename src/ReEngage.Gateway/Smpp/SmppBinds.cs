using Microsoft.Extensions.Options;

namespace ReEngage.Gateway.Smpp;

/// <summary>The open binds of every account: the MaxBinds check, and where receipts can go.</summary>
internal sealed class SmppBinds(IOptions<SmppOptions> options, ILogger<SmppBinds> logger)
{
    private readonly Dictionary<string, List<SmppConnection>> byAccount = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int turn;

    /// <summary>Raised when a bind that can receive appears (stored receipts can go now).</summary>
    public event Action? ReceiverBound;

    /// <summary>Registers a bind; false when the account already has MaxBinds open (ESME_RBINDFAIL).</summary>
    public bool TryAdd(SmppAccountOptions account, SmppConnection connection)
    {
        lock (gate)
        {
            if (!byAccount.TryGetValue(account.SystemId, out var list))
            {
                list = [];
                byAccount[account.SystemId] = list;
            }

            if (list.Count >= account.MaxBinds)
            {
                return false;
            }

            list.Add(connection);
        }

        return true;
    }

    /// <summary>Called once a receiving bind's bind_resp is on its way: stored receipts may follow it.</summary>
    public void NotifyReceiverBound() => ReceiverBound?.Invoke();

    public void Remove(string systemId, SmppConnection connection)
    {
        lock (gate)
        {
            if (byAccount.TryGetValue(systemId, out var list) && list.Remove(connection) && list.Count == 0)
            {
                byAccount.Remove(systemId);
            }
        }
    }

    /// <summary>Accounts with at least one receiver or transceiver bind.</summary>
    public IReadOnlyList<string> AccountsWithReceivers()
    {
        lock (gate)
        {
            return [.. byAccount.Where(a => a.Value.Exists(c => c.CanReceive)).Select(a => a.Key)];
        }
    }

    /// <summary>Requests the account's receiving binds can have in flight together (0: none bound).</summary>
    public int ReceivingWindow(string systemId)
    {
        lock (gate)
        {
            return byAccount.TryGetValue(systemId, out var list) ? list.Where(c => c.CanReceive).Sum(c => c.Account?.WindowSize ?? 1) : 0;
        }
    }

    /// <summary>The account's receiving binds, starting with a different one each call (receipts spread over them).</summary>
    public IReadOnlyList<SmppConnection> Receivers(string systemId)
    {
        lock (gate)
        {
            if (!byAccount.TryGetValue(systemId, out var list))
            {
                return [];
            }

            var receivers = list.Where(c => c.CanReceive).ToList();
            if (receivers.Count > 1)
            {
                var start = turn++ % receivers.Count;
                receivers = [.. receivers.Skip(start), .. receivers.Take(start)];
            }

            return receivers;
        }
    }

    /// <summary>
    /// Unbinds and closes every open bind of an account that no longer exists (deleted through the API or the
    /// dashboard), each waiting for the client's unbind_resp at most ResponseTimeout, and never more than 5 s.
    /// </summary>
    public async Task CloseAccountAsync(string systemId, CancellationToken cancellationToken)
    {
        SmppConnection[] open;
        lock (gate)
        {
            open = byAccount.TryGetValue(systemId, out var list) ? [.. list] : [];
        }

        if (open.Length == 0)
        {
            return;
        }

        SmppLog.ClosingDeletedAccount(logger, systemId, open.Length);
        var wait = options.Value.ResponseTimeout < TimeSpan.FromSeconds(5) ? options.Value.ResponseTimeout : TimeSpan.FromSeconds(5);
        await Task.WhenAll(open.Select(c => c.UnbindAsync("its account was deleted", wait, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Open binds of one account.</summary>
    public int CountOf(string systemId)
    {
        lock (gate)
        {
            return byAccount.TryGetValue(systemId, out var list) ? list.Count : 0;
        }
    }

    /// <summary>Open binds by account and mode (for /metrics).</summary>
    public IReadOnlyDictionary<(string Account, string Mode), int> CountsByAccountAndMode()
    {
        lock (gate)
        {
            return byAccount.SelectMany(a => a.Value.Select(c => (a.Key, Mode: c.Mode?.ToString().ToLowerInvariant() ?? "binding")))
                .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        }
    }

    /// <summary>Open binds (for /metrics and logs).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return byAccount.Values.Sum(l => l.Count);
            }
        }
    }
}
