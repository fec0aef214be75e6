using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Core.Phones;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Core.Messaging;

/// <summary>A request to send one message (API, bulk API, or marketing).</summary>
public sealed record SendRequest(
    string? To,
    string? Text,
    string? IdempotencyKey = null,
    DateTimeOffset? SendAt = null,
    DateTimeOffset? ValidUntil = null,
    string? Priority = null,
    bool? StatusReport = null,
    int? MaxParts = null,
    string? Modem = null,
    string? Source = null,
    string? Reference = null);

/// <summary>An accepted message.</summary>
public sealed record AcceptedMessage(long Id, MessageStatus Status, int Parts, SmsEncoding Encoding, bool Repeated);

/// <summary>The outcome of a bulk request.</summary>
public sealed record BulkResult(IReadOnlyList<(int Index, long Id)> Accepted, IReadOnlyList<(int Index, FieldErrors Errors)> Rejected)
{
    /// <summary>The accepted messages' parts, all together.</summary>
    public int PartsAccepted { get; init; }
}

/// <summary>
/// The outbox: validates and stores messages, with their parts' PDUs computed, before anything is
/// answered — an accepted message survives a power cut.
/// </summary>
public sealed class OutboxService(GatewayDbContext db, PhoneNumberNormalizer phones, IModemDirectory modems, IOptions<GatewayOptions> options, DatabaseEngine engine, Transactions transactions, OutboxWriter writer, DispatchSignal signal, TimeProvider time)
{
    /// <summary>Validates and stores one message; a repeated idempotency key returns the first message.</summary>
    public async Task<(AcceptedMessage? Accepted, FieldErrors? Errors)> AcceptAsync(SendRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = request.IdempotencyKey is { Length: > 0 } ? Fingerprint(request) : null;
        if (request.IdempotencyKey is { Length: > 0 } key && await FindByKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Replay(existing, hash);
        }

        var now = time.GetUtcNow();
        var (message, errors) = Build(request, now);
        if (message is null)
        {
            return (null, errors);
        }

        if (message.Priority == MessagePriority.Low && await db.OptOuts.AnyAsync(o => o.Phone == message.To, cancellationToken).ConfigureAwait(false))
        {
            return (null, new FieldErrors { { "to", $"{message.To} has opted out of marketing messages." } });
        }

        // The writer sets the message's sticky modem (StickyRouting) for its whole batch in one look-up.
        try
        {
            await writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex) && request.IdempotencyKey is { Length: > 0 } raced)
        {
            // Two requests with one key at once: the unique index let one in; answer with it.
            var first = await FindByKeyAsync(raced, cancellationToken).ConfigureAwait(false);
            return first is { } stored ? Replay(stored, hash) : throw new InvalidOperationException("Idempotency conflict without a stored message.", ex);
        }

        // Stored: wake a modem's worker now rather than at its next poll.
        Wake(message);
        return (new AcceptedMessage(message.Id, message.Status, message.PartCount, message.Encoding, false), null);
    }

    // One idle worker for a message any modem may take (its preferred SIM's, when that one is idle); every worker of
    // the fleet for one that only some may take, or that is scheduled (each learns when to wake for it).
    private void Wake(OutboundMessage message)
    {
        if (message.Status != MessageStatus.Queued || message.RequestedModem is not null || message.Modem is not null)
        {
            signal.Pulse();
        }
        else if (message.PreferredModem is null)
        {
            signal.WakeOne();
        }
        else if (!signal.TryWake(message.PreferredModem))
        {
            signal.Pulse();
        }
    }

    /// <summary>Validates every message; stores all valid ones in one transaction.</summary>
    public async Task<BulkResult> AcceptBulkAsync(IReadOnlyList<SendRequest?> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = time.GetUtcNow();
        var accepted = new List<(int Index, OutboundMessage Message)>();
        var rejected = new List<(int, FieldErrors)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is not { } request)
            {
                rejected.Add((i, new FieldErrors { { "message", "The message is missing." } }));
                continue;
            }

            var (message, errors) = Build(request, now);
            if (message is null)
            {
                rejected.Add((i, errors!));
            }
            else if (message.IdempotencyKey is { } key && !keys.Add(key))
            {
                rejected.Add((i, new FieldErrors { { "idempotencyKey", "The same idempotency key appears twice in this request." } }));
            }
            else
            {
                accepted.Add((i, message));
            }
        }

        await DropRepeatsAndOptOutsAsync(accepted, rejected, cancellationToken).ConfigureAwait(false);
        await StickyRouting.AssignAsync(db, [.. accepted.Select(a => a.Message)], cancellationToken).ConfigureAwait(false);

        await BulkInsert.InsertAsync(db, engine, transactions, [.. accepted.Select(a => a.Message)], cancellationToken).ConfigureAwait(false);
        if (accepted.Count > 0)
        {
            signal.Pulse();
        }

        return new BulkResult([.. accepted.Select(a => (a.Index, a.Message.Id))], [.. rejected.OrderBy(r => r.Item1)]) { PartsAccepted = accepted.Sum(a => a.Message.PartCount) };
    }

    /// <summary>Cancels a message that is not being sent yet. Null when it does not exist; false when it is too late.</summary>
    public async Task<bool?> CancelAsync(long id, CancellationToken cancellationToken)
    {
        var message = await db.Messages.Include(m => m.Parts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return null;
        }

        var saved = await MessageChanges.SaveAsync(db, message, m => m.Status is MessageStatus.Queued or MessageStatus.Scheduled
            && Cancel(m, "CANCELLED", "Cancelled through the API."), cancellationToken).ConfigureAwait(false);
        return saved is null ? null : saved.Status == MessageStatus.Cancelled;
    }

    /// <summary>Cancels every message of a source (a campaign) that has not gone out yet, each through its lifecycle. Returns how many.</summary>
    public async Task<int> CancelSourceAsync(string source, string code, string reason, CancellationToken cancellationToken)
    {
        var cancelled = 0;
        while (true)
        {
            var batch = await db.Messages.Include(m => m.Parts)
                .Where(m => m.Source == source && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Scheduled))
                .OrderBy(m => m.Id).Take(500).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return cancelled;
            }

            foreach (var message in batch)
            {
                var saved = await MessageChanges.SaveAsync(db, message, m => m.Status is MessageStatus.Queued or MessageStatus.Scheduled && Cancel(m, code, reason), cancellationToken).ConfigureAwait(false);
                cancelled += saved?.Status == MessageStatus.Cancelled ? 1 : 0;
            }

            db.ChangeTracker.Clear();
        }
    }

    private static bool Cancel(OutboundMessage message, string code, string reason)
    {
        message.Cancel(code, reason);
        return true;
    }

    private (OutboundMessage? Message, FieldErrors? Errors) Build(SendRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var settings = options.Value;
        if (!phones.TryNormalize(request.To, out var to, out var numberError))
        {
            errors.Add("to", numberError);
        }

        var priority = MessagePriority.Normal;
        if (request.Priority is { } p && !Enum.TryParse(p, ignoreCase: true, out priority) | !Enum.IsDefined(priority))
        {
            errors.Add("priority", $"'{p}' is not a priority: use high, normal or low.");
        }

        var maxParts = request.MaxParts ?? settings.MaxParts;
        if (maxParts < 1 || maxParts > settings.MaxParts)
        {
            errors.Add("maxParts", $"maxParts must be between 1 and {settings.MaxParts} (Gateway:MaxParts).");
            maxParts = settings.MaxParts;
        }

        if (request.Modem is { } modem && !modems.Names.Contains(modem, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("modem", $"There is no modem named '{modem}' (known: {string.Join(", ", modems.Names)}).");
        }

        if (request.ValidUntil is { } validUntil && validUntil <= now)
        {
            errors.Add("validUntil", "validUntil is in the past.");
        }

        if (request.ValidUntil is { } until && request.SendAt is { } at && until <= at)
        {
            errors.Add("validUntil", "validUntil is before sendAt.");
        }

        if (request.IdempotencyKey is { Length: > 200 })
        {
            errors.Add("idempotencyKey", "The idempotency key is longer than 200 characters.");
        }

        if (request.Reference is { Length: > OutboundMessage.MaxReferenceLength })
        {
            errors.Add("reference", $"The reference is longer than {OutboundMessage.MaxReferenceLength} characters.");
        }

        SmsSubmitMessage? encoded = null;
        if (string.IsNullOrEmpty(request.Text))
        {
            errors.Add("text", "The text is empty.");
        }
        else
        {
            try
            {
                var start = request.SendAt is { } sendAt && sendAt > now ? sendAt : now;
                encoded = SmsSubmitEncoder.Encode(
                    errors.ContainsKey("to") ? "+1" : to,
                    request.Text,
                    new SmsSubmitOptions
                    {
                        MaxParts = maxParts,
                        StatusReport = request.StatusReport ?? true,
                        Reference = Random.Shared.Next(256),
                        ValidityPeriod = request.ValidUntil is { } v && v > start ? v - start : TimeSpan.FromDays(2),
                    });
            }
            catch (SmsEncodingException ex)
            {
                errors.Add("text", ex.Message);
            }
        }

        if (errors.Count > 0 || encoded is null)
        {
            return (null, errors);
        }

        var scheduled = request.SendAt is { } when && when > now;
        var message = new OutboundMessage
        {
            To = to,
            Text = request.Text!,
            Status = scheduled ? MessageStatus.Scheduled : MessageStatus.Queued,
            Priority = priority,
            Encoding = encoded.Encoding,
            PartCount = encoded.Parts.Count,
            StatusReport = request.StatusReport ?? true,
            RequestedModem = request.Modem is null ? null : modems.Names.First(n => string.Equals(n, request.Modem, StringComparison.OrdinalIgnoreCase)),
            IdempotencyKey = request.IdempotencyKey is { Length: > 0 } k ? k : null,
            RequestHash = request.IdempotencyKey is { Length: > 0 } ? Fingerprint(request) : null,
            CreatedAt = now,
            SendAt = scheduled ? request.SendAt : null,
            ValidUntil = request.ValidUntil,
            Source = request.Source,
            Reference = request.Reference is { Length: > 0 } r ? r : null,
            Parts = [.. encoded.Parts.Select(part => new OutboundPart { Sequence = part.Sequence, Pdu = part.Pdu, TpduLength = part.TpduLength, Status = PartStatus.Pending })],
        };
        return (message, null);
    }

    private async Task<(AcceptedMessage Message, string? Hash)?> FindByKeyAsync(string key, CancellationToken cancellationToken) =>
        await db.Messages.AsNoTracking().Where(m => m.IdempotencyKey == key)
            .Select(m => new ValueTuple<AcceptedMessage, string?>(new AcceptedMessage(m.Id, m.Status, m.PartCount, m.Encoding, true), m.RequestHash))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { Item1: not null } found ? found : null;

    // A retry of the same request replays the first answer; the same key with another request is an error the
    // client must see (it would otherwise believe its second message was sent). Messages stored before the
    // hash was kept have none: they replay, as they always did.
    private static (AcceptedMessage?, FieldErrors?) Replay((AcceptedMessage Message, string? Hash) existing, string? hash) =>
        existing.Hash is null || hash is null || existing.Hash == hash
            ? (existing.Message, null)
            : (null, new FieldErrors { Conflict = true }.With("idempotencyKey", $"This idempotency key was used for another request (message {existing.Message.Id}); use a new key for a new message."));

    /// <summary>What makes two requests the same request (as the client sent them, before normalisation).</summary>
    internal static string Fingerprint(SendRequest request)
    {
        var canonical = string.Join('\u001f',
            request.To?.Trim() ?? string.Empty,
            request.Text ?? string.Empty,
            request.SendAt?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            request.ValidUntil?.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            request.Priority?.Trim().ToLowerInvariant() ?? string.Empty,
            request.StatusReport?.ToString() ?? string.Empty,
            request.MaxParts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            request.Modem?.Trim().ToLowerInvariant() ?? string.Empty);

        // Appended only when given, so the hashes stored before references existed still match their replays.
        if (request.Reference is { Length: > 0 } reference)
        {
            canonical += '\u001f' + reference;
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));
    }

    private async Task DropRepeatsAndOptOutsAsync(List<(int Index, OutboundMessage Message)> accepted, List<(int, FieldErrors)> rejected, CancellationToken cancellationToken)
    {
        var keys = accepted.Where(a => a.Message.IdempotencyKey is not null).Select(a => a.Message.IdempotencyKey!).ToList();
        var existingKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            existingKeys.UnionWith(await db.Messages.AsNoTracking().Where(m => chunk.Contains(m.IdempotencyKey!)).Select(m => m.IdempotencyKey!).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        var marketingNumbers = accepted.Where(a => a.Message.Priority == MessagePriority.Low).Select(a => a.Message.To).Distinct().ToList();
        var optedOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in marketingNumbers.Chunk(500))
        {
            optedOut.UnionWith(await db.OptOuts.AsNoTracking().Where(o => chunk.Contains(o.Phone)).Select(o => o.Phone).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        for (var i = accepted.Count - 1; i >= 0; i--)
        {
            var message = accepted[i].Message;
            if (message.IdempotencyKey is { } key && existingKeys.Contains(key))
            {
                rejected.Add((accepted[i].Index, new FieldErrors { { "idempotencyKey", "A message with this idempotency key was already accepted." } }));
                accepted.RemoveAt(i);
            }
            else if (message.Priority == MessagePriority.Low && optedOut.Contains(message.To))
            {
                rejected.Add((accepted[i].Index, new FieldErrors { { "to", $"{message.To} has opted out of marketing messages." } }));
                accepted.RemoveAt(i);
            }
        }
    }
}
