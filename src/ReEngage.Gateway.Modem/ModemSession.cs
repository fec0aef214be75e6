using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Modem;

/// <summary>
/// One modem: initialisation, sending, inbound SMS, status reports, health and USSD over an
/// <see cref="AtChannel"/>. Events (inbound SMS, reports, health) arrive on <see cref="Events"/>.
/// </summary>
public sealed partial class ModemSession : IAsyncDisposable
{
    private readonly AtChannel channel;
    private readonly ModemSessionOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Channel<ModemEvent> events = Channel.CreateUnbounded<ModemEvent>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly SmsReassembler reassembler;
    private readonly Dictionary<SmsDeliver, int> storageIndexOf = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<int> handedOver = [];
    private readonly Lock sync = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task urcLoop;
    private TaskCompletionSource<string>? pendingUssd;
    private ModemHealth health;

    /// <summary>Creates a session over a channel; call <see cref="InitializeAsync"/> next.</summary>
    public ModemSession(AtChannel channel, ModemSessionOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        this.channel = channel;
        this.options = options ?? new ModemSessionOptions();
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        reassembler = new SmsReassembler(time, this.options.ReassemblyTimeout);
        health = new ModemHealth(null, RegistrationState.Unknown, null, time.GetUtcNow());
        urcLoop = Task.Run(ProcessUnsolicitedAsync);
    }

    /// <summary>The modem's name.</summary>
    public string Name => options.Name;

    /// <summary>Who the modem and SIM are; null before initialisation.</summary>
    public ModemIdentity? Identity { get; private set; }

    /// <summary>The profile in use.</summary>
    public ModemProfile Profile { get; private set; } = ModemProfile.Generic;

    /// <summary>The latest health snapshot.</summary>
    public ModemHealth Health
    {
        get
        {
            lock (sync)
            {
                return health;
            }
        }
    }

    /// <summary>SMS storage use from AT+CPMS (used, total), when known.</summary>
    public (int Used, int Total)? Storage { get; private set; }

    /// <summary>Inbound SMS, status reports, health changes, restarts.</summary>
    public ChannelReader<ModemEvent> Events => events.Reader;

    /// <summary>Completes when the underlying channel closes (unplugged).</summary>
    public Task Completion => channel.Completion;

    /// <summary>
    /// Runs the initialisation sequence (MODEMS.md): wake, echo off, verbose errors, SIM state (the PIN
    /// is entered at most once), PDU mode, indications, storage, identity, SMSC, registration reports,
    /// health — then sweeps what arrived while nobody listened.
    /// </summary>
    /// <exception cref="SimNotReadyException">The SIM is missing, locked (PUK), or needs a PIN the gateway does not have or that was refused.</exception>
    /// <exception cref="ModemTimeoutException">The modem does not answer.</exception>
    public async Task<ModemIdentity> InitializeAsync(CancellationToken cancellationToken = default)
    {
        await channel.ResetInputModeAsync(cancellationToken).ConfigureAwait(false);
        await WakeAsync(cancellationToken).ConfigureAwait(false);
        await TryAsync("ATE0", cancellationToken).ConfigureAwait(false);
        await TryAsync("AT+CMEE=1", cancellationToken).ConfigureAwait(false);
        await UnlockSimAsync(cancellationToken).ConfigureAwait(false);

        var manufacturer = await ReadLineAsync("AT+CGMI", "+CGMI:", cancellationToken).ConfigureAwait(false);
        var model = await ReadLineAsync("AT+CGMM", "+CGMM:", cancellationToken).ConfigureAwait(false);
        Profile = ModemProfile.Find(options.Profile) ?? ModemProfile.Detect(manufacturer, model);
        foreach (var command in Profile.InitCommands)
        {
            await TryAsync(command, cancellationToken).ConfigureAwait(false);
        }

        await channel.ExecuteAsync("AT+CMGF=0", options.CommandTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        await ConfigureMessageServiceAsync(cancellationToken).ConfigureAwait(false); // before CNMI: it decides whether routed ones need CNMA
        await ConfigureIndicationsAsync(cancellationToken).ConfigureAwait(false);
        await SelectStorageAsync("SM", cancellationToken).ConfigureAwait(false);

        var revision = await ReadLineAsync("AT+CGMR", "+CGMR:", cancellationToken).ConfigureAwait(false);
        var imei = await ReadLineAsync("AT+CGSN", "+CGSN:", cancellationToken).ConfigureAwait(false);
        var imsi = await ReadLineAsync("AT+CIMI", "+CIMI:", cancellationToken).ConfigureAwait(false);
        var iccid = await ReadIccidAsync(cancellationToken).ConfigureAwait(false);
        var smsc = await ReadServiceCentreAsync(cancellationToken).ConfigureAwait(false);
        Identity = new ModemIdentity(manufacturer, model, revision, Digits(imei), Digits(imsi), iccid, smsc);

        if (!await TryAsync("AT+CREG=2", cancellationToken).ConfigureAwait(false))
        {
            await TryAsync("AT+CREG=1", cancellationToken).ConfigureAwait(false);
        }

        await TryAsync("AT+CGREG=2", cancellationToken).ConfigureAwait(false);
        await TryAsync("AT+CEREG=2", cancellationToken).ConfigureAwait(false);
        await RefreshHealthAsync(cancellationToken).ConfigureAwait(false);
        SessionLog.Initialized(logger, Name, Profile.Name, Identity.Imei ?? "?", Identity.Iccid ?? "?");
        await SweepStorageAsync(cancellationToken).ConfigureAwait(false);
        await SweepReportStorageAsync(cancellationToken).ConfigureAwait(false);
        return Identity;
    }

    /// <summary>Sends every part of a message with AT+CMGS and returns each part's TP-MR.</summary>
    /// <exception cref="ModemSendException">A part failed; earlier parts went out (their TP-MRs are in the exception).</exception>
    public async Task<SendResult> SendAsync(SmsSubmitMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var references = new List<int>(message.Parts.Count);
        if (message.Parts.Count > 1 && Profile.KeepLinkBetweenParts)
        {
            // Mode 1: the relay link stays open between the parts and the modem closes it (and returns
            // to 0) by itself 1–5 s after the last; a modem that refuses simply sets up a link per part.
            await TryAsync("AT+CMMS=1", cancellationToken).ConfigureAwait(false);
        }

        foreach (var part in message.Parts)
        {
            try
            {
                var response = await channel.ExecuteWithPromptAsync(
                    $"AT+CMGS={part.TpduLength.ToString(CultureInfo.InvariantCulture)}",
                    part.Pdu,
                    options.PromptTimeout,
                    options.SendTimeout,
                    cancellationToken).ConfigureAwait(false);
                var reference = response.Value("+CMGS:") is { } value ? CmgsReference().Match(value) : null;
                if (reference is not { Success: true })
                {
                    throw new ModemCommandException($"AT+CMGS={part.TpduLength}", "OK without +CMGS: <mr>");
                }

                references.Add(int.Parse(reference.Groups[1].Value, CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is ModemCommandException or ModemTimeoutException or ModemDisconnectedException)
            {
                throw new ModemSendException(references, part.Sequence, ex);
            }
        }

        return new SendResult(references);
    }

    /// <summary>Polls signal, registration and operator; raises <see cref="HealthChanged"/> when they change.</summary>
    public async Task<ModemHealth> RefreshHealthAsync(CancellationToken cancellationToken = default)
    {
        int? rssi = null;
        var csq = await channel.ExecuteAsync("AT+CSQ", options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        if (csq.Value("+CSQ:") is { } signal && int.TryParse(signal.Split(',')[0], CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 31)
        {
            rssi = value;
        }

        var registration = RegistrationState.Unknown;
        foreach (var (command, prefix) in new[] { ("AT+CREG?", "+CREG:"), ("AT+CEREG?", "+CEREG:"), ("AT+CGREG?", "+CGREG:") })
        {
            var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
            if (answer.Value(prefix) is { } text && ParseRegistration(text, solicited: true) is { } state)
            {
                registration = Better(registration, state);
            }
        }

        string? operatorName = null;
        var cops = await channel.ExecuteAsync("AT+COPS?", options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        if (cops.Value("+COPS:") is { } copsText)
        {
            var fields = copsText.Split(',');
            operatorName = fields.Length >= 3 ? fields[2].Trim().Trim('"') : null;
        }

        var snapshot = Update(_ => new ModemHealth(rssi, registration, operatorName, time.GetUtcNow()));
        await EnsureRoutingAsync(cancellationToken).ConfigureAwait(false);

        // A long SMS whose last part never comes is handed over incomplete once its wait is over —
        // checked with the health poll, not only when something else arrives.
        await ExpireIncompleteAsync().ConfigureAwait(false);
        return snapshot;
    }

    /// <summary>Reads every stored SMS (AT+CMGL=4) and hands it over: what arrived while the gateway was down.</summary>
    public async Task SweepStorageAsync(CancellationToken cancellationToken = default)
    {
        AtResponse list;
        await storageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            list = await channel.ExecuteAsync("AT+CMGL=4", options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            storageGate.Release();
        }

        if (!list.IsOk)
        {
            SessionLog.SweepFailed(logger, Name, list.Final);
            return;
        }

        for (var i = 0; i < list.Lines.Count; i++)
        {
            var header = list.Lines[i];
            if (!header.StartsWith("+CMGL:", StringComparison.OrdinalIgnoreCase) || i + 1 >= list.Lines.Count)
            {
                continue;
            }

            var fields = header[6..].Split(',');
            var pdu = list.Lines[++i];
            if (!int.TryParse(fields[0].Trim(), CultureInfo.InvariantCulture, out var index))
            {
                SessionLog.UrcFailed(logger, Name, header, "unreadable storage index");
                continue;
            }

            var length = int.TryParse(fields[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
            await HandleStoredPduAsync(pdu, length, index, cancellationToken).ConfigureAwait(false);
        }

        await ExpireIncompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Sends a USSD code (e.g. "*123#" for a prepaid balance) and returns the network's answer.</summary>
    /// <exception cref="ModemTimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public async Task<string> QueryUssdAsync(string code, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (sync)
        {
            pendingUssd = answer;
        }

        var limit = timeout ?? TimeSpan.FromSeconds(30);
        await channel.ExecuteAsync($"AT+CUSD=1,\"{code}\",15", options.CommandTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            return await answer.Task.WaitAsync(limit, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ModemTimeoutException($"AT+CUSD=1,\"{code}\",15", limit);
        }
    }

    /// <summary>Runs a raw command (the technicians' AT console) and returns the answer, errors included.</summary>
    public Task<AtResponse> ExecuteRawAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        channel.ExecuteAsync(command, timeout ?? options.CommandTimeout, throwOnError: false, cancellationToken);

    /// <summary>A liveness check between sends: true when "AT" answers OK in time.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await channel.ExecuteAsync("AT", timeout, throwOnError: false, cancellationToken).ConfigureAwait(false)).IsOk;
        }
        catch (Exception ex) when (ex is ModemTimeoutException or ModemDisconnectedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await channel.DisposeAsync().ConfigureAwait(false);
        try
        {
            await urcLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        events.Writer.TryComplete();
        stopping.Dispose();

        // storageGate is not disposed: an acknowledgement still running may hold it, and a SemaphoreSlim
        // whose wait handle was never asked for owns nothing to release.
    }

    private async Task WakeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if ((await channel.ExecuteAsync("AT", TimeSpan.FromMilliseconds(500), throwOnError: false, cancellationToken).ConfigureAwait(false)).IsOk)
                {
                    return;
                }
            }
            catch (ModemTimeoutException) when (attempt < options.WakeAttempts)
            {
                // Booting modems stay silent for a while (Quectel up to 30 s): keep knocking.
            }

            if (attempt >= options.WakeAttempts)
            {
                throw new ModemTimeoutException("AT", TimeSpan.FromMilliseconds(500 * options.WakeAttempts));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UnlockSimAsync(CancellationToken cancellationToken)
    {
        var pinEntered = false;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var answer = await channel.ExecuteAsync("AT+CPIN?", options.PinTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
            if (!answer.IsOk)
            {
                var error = ModemErrors.Classify(answer.Final);
                if (error is { Kind: ModemErrorKind.Cme, Code: 10 } or { Kind: ModemErrorKind.Cms, Code: 310 })
                {
                    throw new SimNotReadyException("NOT INSERTED", $"{Name}: no SIM card is inserted (or it is not making contact).");
                }

                if (error.Class == ModemErrorClass.RetrySameModem)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
                    continue; // +CME ERROR: 14, SIM busy: it is still starting
                }

                throw new SimNotReadyException("ERROR", $"{Name}: the SIM state cannot be read: {answer.Final} ({error.Meaning}).");
            }

            var state = (answer.Value("+CPIN:") ?? "READY").Trim().Trim('"').ToUpperInvariant();
            switch (state)
            {
                case "READY":
                    return;
                case "SIM PIN" when options.Pin is null:
                    throw new SimNotReadyException(state, $"{Name}: the SIM asks for a PIN and none is configured (Gateway:Modems:<n>:Pin).");
                case "SIM PIN" when pinEntered:
                    await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
                    continue;
                case "SIM PIN":
                {
                    pinEntered = true; // once: a wrong PIN retried locks the SIM
                    var entered = await channel.ExecuteAsync($"AT+CPIN=\"{options.Pin}\"", options.PinTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
                    if (!entered.IsOk)
                    {
                        throw new SimNotReadyException(state, $"{Name}: the SIM refused the configured PIN ({ModemErrors.Classify(entered.Final).Meaning}). It will not be tried again: check the PIN before restarting, a SIM locks after 3 wrong PINs.");
                    }

                    continue;
                }

                case "SIM PUK" or "SIM PUK2":
                    throw new SimNotReadyException(state, $"{Name}: the SIM is locked and needs its PUK: unlock it in a phone.");
                default:
                    throw new SimNotReadyException(state, $"{Name}: the SIM needs \"{state}\", which the gateway cannot enter.");
            }
        }

        throw new SimNotReadyException("BUSY", $"{Name}: the SIM did not become ready.");
    }

    private async Task ConfigureIndicationsAsync(CancellationToken cancellationToken)
    {
        foreach (var setting in Profile.IndicationSettings)
        {
            if (await TryAsync($"AT+CNMI={setting}", cancellationToken).ConfigureAwait(false))
            {
                indicationSetting = setting;
                SessionLog.Indications(logger, Name, setting);
                return;
            }
        }

        SessionLog.NoIndications(logger, Name);
    }

    private async Task SelectStorageAsync(string memory, CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync($"AT+CPMS=\"{memory}\",\"{memory}\",\"{memory}\"", options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk)
        {
            answer = await channel.ExecuteAsync($"AT+CPMS=\"{memory}\"", options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        }

        if (answer.IsOk && memory == "SM" && answer.Value("+CPMS:") is { } text)
        {
            var fields = text.Split(',');
            if (fields.Length >= 2 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var used) && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var total))
            {
                Storage = (used, total);
                if (total > 0 && used * 5 >= total * 4)
                {
                    SessionLog.StorageAlmostFull(logger, Name, used, total);
                }
            }
        }
    }

    private async Task<string?> ReadIccidAsync(CancellationToken cancellationToken)
    {
        foreach (var command in Profile.IccidCommands)
        {
            var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
            if (answer.IsOk && answer.Lines.Count > 0)
            {
                var line = answer.Lines[0];
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                return NormalizeIccid(colon >= 0 ? line[(colon + 1)..] : line);
            }
        }

        return null;
    }

    private async Task<string?> ReadServiceCentreAsync(CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync("AT+CSCA?", options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk || answer.Value("+CSCA:") is not { } text)
        {
            SessionLog.NoServiceCentre(logger, Name, answer.Final);
            return null;
        }

        var number = text.Split(',')[0].Trim().Trim('"');
        return number.Length == 0 ? null : number;
    }

    private async Task<string?> ReadLineAsync(string command, string prefix, CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk || answer.Lines.Count == 0)
        {
            return null;
        }

        return (answer.Value(prefix) ?? answer.Lines[0]).Trim().Trim('"');
    }

    private async Task<bool> TryAsync(string command, CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
        return answer.IsOk;
    }

    private async Task ProcessUnsolicitedAsync()
    {
        var token = stopping.Token;
        try
        {
            await foreach (var urc in channel.Unsolicited.ReadAllAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await HandleUnsolicitedAsync(urc, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ModemCommandException or ModemTimeoutException or FormatException)
                {
                    // One bad URC or a failed follow-up read must never stop the modem's event stream.
                    SessionLog.UrcFailed(logger, Name, urc.Line, ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ModemDisconnectedException)
        {
            // The session is stopping or the modem went away: Completion tells the owner.
        }
    }

    private async Task HandleUnsolicitedAsync(AtUrc urc, CancellationToken cancellationToken)
    {
        var line = urc.Line;
        if (urc.IsRestart)
        {
            SessionLog.Restarted(logger, Name, line);
            events.Writer.TryWrite(new ModemRestarted(line));
            _ = Task.Run(() => ReinitializeAsync(cancellationToken), cancellationToken);
            return;
        }

        if (line.StartsWith("+CMTI:", StringComparison.OrdinalIgnoreCase))
        {
            var fields = line[6..].Split(',');
            var index = int.Parse(fields[^1].Trim(), CultureInfo.InvariantCulture);
            AtResponse read;
            await storageGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                read = await channel.ExecuteAsync($"AT+CMGR={index}", options.CommandTimeout, throwOnError: false, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                storageGate.Release();
            }

            if (read.IsOk && read.Lines.Count >= 2)
            {
                var header = read.Value("+CMGR:");
                var length = header is null ? null : int.TryParse(header.Split(',')[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
                await HandleStoredPduAsync(read.Lines[^1], length, index, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (line.StartsWith("+CMT:", StringComparison.OrdinalIgnoreCase) && urc.Pdu is { } deliverPdu)
        {
            var length = int.TryParse(line[5..].Split(',')[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
            await HandleStoredPduAsync(deliverPdu, length, null, cancellationToken, routed: true).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith("+CDS:", StringComparison.OrdinalIgnoreCase) && urc.Pdu is { } reportPdu)
        {
            var length = int.TryParse(line[5..].Split(',')[^1].Trim(), CultureInfo.InvariantCulture, out var l) ? l : (int?)null;
            await HandleRoutedReportAsync(reportPdu, length, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith("+SMS FULL", StringComparison.OrdinalIgnoreCase) || line.StartsWith("^SMMEMFULL", StringComparison.OrdinalIgnoreCase))
        {
            // Full storage is not fatal: the network keeps new messages until there is room. Hand over
            // what is stored; the consumer's acknowledgements delete it and make that room.
            SessionLog.StorageFull(logger, Name);
            await SweepStorageAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith("+CDSI:", StringComparison.OrdinalIgnoreCase))
        {
            await ReadStoredReportAsync(line, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (line.StartsWith("+CREG:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("+CGREG:", StringComparison.OrdinalIgnoreCase) || line.StartsWith("+CEREG:", StringComparison.OrdinalIgnoreCase))
        {
            if (ParseRegistration(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..], solicited: false) is { } state)
            {
                Update(h => h with { Registration = state, At = time.GetUtcNow() });
            }

            return;
        }

        if (line.StartsWith("^RSSI:", StringComparison.OrdinalIgnoreCase) && int.TryParse(line[6..].Trim(), CultureInfo.InvariantCulture, out var rssi))
        {
            Update(h => h with { Rssi = rssi is >= 0 and <= 31 ? rssi : null, At = time.GetUtcNow() });
            return;
        }

        if (line.StartsWith("+CUSD:", StringComparison.OrdinalIgnoreCase))
        {
            TaskCompletionSource<string>? waiter;
            lock (sync)
            {
                waiter = pendingUssd;
                pendingUssd = null;
            }

            var quoted = line.IndexOf('"', StringComparison.Ordinal);
            var end = line.LastIndexOf('"');
            waiter?.TrySetResult(quoted >= 0 && end > quoted ? line[(quoted + 1)..end] : line[6..].Trim());
        }
    }

    // routed: a +CMT, which with AT+CSMS=1 the modem wants acknowledged (AT+CNMA) before it routes the next.
    private async Task HandleStoredPduAsync(string pdu, int? tpduLength, int? index, CancellationToken cancellationToken, bool routed = false)
    {
        lock (sync)
        {
            // Already waiting for its siblings, or handed over and not yet acknowledged: a sweep must
            // not hand the same stored message over twice.
            if (index is { } seen && (handedOver.Contains(seen) || storageIndexOf.ContainsValue(seen)))
            {
                return;
            }
        }

        SmsPdu decoded;
        try
        {
            decoded = PduDecoder.Decode(pdu, tpduLength);
        }
        catch (PduFormatException ex)
        {
            SessionLog.BadPdu(logger, Name, index, ex.Message);
            events.Writer.TryWrite(new UndecodablePdu(pdu, ex.Message, index));
            if (routed && acknowledging)
            {
                await AcknowledgeRoutedAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var acknowledgeRouted = routed && acknowledging;
        switch (decoded)
        {
            case SmsStatusReport when index is { } reportIndex:
                // Filed with the inbox ("SM"): deleted once saved, like any stored report.
                HandOverStoredReport("SM", reportIndex, pdu);
                break;
            case SmsStatusReport report:
                events.Writer.TryWrite(new StatusReportReceived(report, acknowledgeRouted ? AcknowledgeRoutedAsync : null));
                break;
            case SmsDeliver deliver:
                ReassembledSms? whole;
                lock (sync)
                {
                    if (index is { } partIndex)
                    {
                        storageIndexOf[deliver] = partIndex;
                    }

                    whole = reassembler.Add(deliver);
                }

                if (whole is not null)
                {
                    Publish(whole, acknowledgeRouted ? AcknowledgeRoutedAsync : null);
                }
                else if (acknowledgeRouted)
                {
                    // A routed part awaiting its siblings: the modem routes nothing more (the siblings
                    // included) until this one is acknowledged, so it cannot wait for the whole message.
                    await AcknowledgeRoutedAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                // A SUBMIT in the inbox (a draft or a sent copy some modems keep): not ours to deliver.
                if (acknowledgeRouted)
                {
                    await AcknowledgeRoutedAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    private Task ExpireIncompleteAsync()
    {
        IReadOnlyList<ReassembledSms> expired;
        lock (sync)
        {
            expired = reassembler.Expire();
        }

        foreach (var message in expired)
        {
            Publish(message);
        }

        return Task.CompletedTask;
    }

    private void Publish(ReassembledSms message, Func<CancellationToken, Task>? acknowledgeRouted = null)
    {
        int[] indexes;
        lock (sync)
        {
            indexes = [.. message.Parts.Where(storageIndexOf.ContainsKey).Select(p => storageIndexOf[p])];
            foreach (var part in message.Parts)
            {
                storageIndexOf.Remove(part);
            }

            handedOver.UnionWith(indexes);
        }

        // Deleted only once the consumer confirms it stored the message: a crash before that leaves
        // the parts in the modem, and the start-up sweep hands them over again.
        events.Writer.TryWrite(new InboundSmsReceived(message, async token =>
        {
            foreach (var index in indexes)
            {
                await storageGate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    await channel.ExecuteAsync($"AT+CMGD={index}", options.CommandTimeout, throwOnError: false, token).ConfigureAwait(false);
                }
                finally
                {
                    storageGate.Release();
                }

                lock (sync)
                {
                    handedOver.Remove(index);
                }
            }

            if (acknowledgeRouted is not null)
            {
                await acknowledgeRouted(token).ConfigureAwait(false);
            }
        }));
    }

    private async Task ReinitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModemTimeoutException or ModemCommandException or SimNotReadyException or ModemDisconnectedException)
        {
            SessionLog.ReinitFailed(logger, Name, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private ModemHealth Update(Func<ModemHealth, ModemHealth> change)
    {
        ModemHealth before;
        ModemHealth after;
        lock (sync)
        {
            before = health;
            after = change(before);
            health = after;
        }

        if (before.Rssi != after.Rssi || before.Registration != after.Registration || before.Operator != after.Operator)
        {
            events.Writer.TryWrite(new HealthChanged(after));
        }

        return after;
    }

    internal static RegistrationState? ParseRegistration(string text, bool solicited)
    {
        // Solicited answers start with <n> (the report mode); URCs start with <stat>.
        var fields = text.Split(',');
        var position = solicited ? 1 : 0;
        if (fields.Length <= position || !int.TryParse(fields[position].Trim(), CultureInfo.InvariantCulture, out var stat))
        {
            return solicited && fields.Length == 1 && int.TryParse(fields[0].Trim(), CultureInfo.InvariantCulture, out var only) ? (RegistrationState)only : null;
        }

        return stat is >= 0 and <= 5 ? (RegistrationState)stat : RegistrationState.Unknown;
    }

    private static RegistrationState Better(RegistrationState current, RegistrationState candidate) =>
        current is RegistrationState.Home or RegistrationState.Roaming ? current : candidate == RegistrationState.Unknown ? current : candidate;

    internal static string? NormalizeIccid(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var value = raw.Trim().Trim('"').TrimEnd('F', 'f');
        // Some modems return the ICCID BCD-swapped ("98…" instead of "89…").
        if (value.StartsWith("98", StringComparison.Ordinal) && value.Length % 2 == 0)
        {
            var swapped = new char[value.Length];
            for (var i = 0; i < value.Length; i += 2)
            {
                swapped[i] = value[i + 1];
                swapped[i + 1] = value[i];
            }

            value = new string(swapped).TrimEnd('F', 'f');
        }

        return value;
    }

    private static string? Digits(string? value) => value is null ? null : new string([.. value.Where(char.IsAsciiDigit)]);

    [GeneratedRegex(@"^\s*(\d+)")]
    private static partial Regex CmgsReference();
}
