using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.At.Replies;
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
    // Storage index → the message handed over from it and not yet acknowledged. The modem reuses an index
    // as soon as it is deleted, so an acknowledgement frees only its own entry.
    private readonly Dictionary<int, ReassembledSms> handedOver = [];
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

        // Whatever was on the line while it was out of step may have been a routed report.
        channel.Resynchronized += _ => RequestSweep(checkRouting: true);
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
    /// Runs the initialisation sequence (MODEMS.md): wake and synchronise (echo on), verbose errors, SIM state (the PIN
    /// is entered at most once), PDU mode, indications, storage, identity, SMSC, registration reports,
    /// health — then sweeps what arrived while nobody listened.
    /// </summary>
    /// <exception cref="SimNotReadyException">The SIM is missing, locked (PUK), or needs a PIN the gateway does not have or that was refused.</exception>
    /// <exception cref="ModemTimeoutException">The modem does not answer.</exception>
    public async Task<ModemIdentity> InitializeAsync(CancellationToken cancellationToken = default)
    {
        // ESC, drain, echo on and a probe that cannot be answered by a stale OK (AtChannel.Sync): not
        // bare "AT"s, whose late answers would be taken for those of the next commands.
        await WakeAsync(cancellationToken).ConfigureAwait(false);
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
        if (acknowledging)
        {
            await ClearPendingAcknowledgementAsync(cancellationToken).ConfigureAwait(false);
        }

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
        if (await SweepReportStorageAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            RequestSweep(); // what the network held back for want of room comes in as room is freed
        }

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
                references.Add(await SendPartAsync(part.Pdu, part.TpduLength, part.Sequence, cancellationToken).ConfigureAwait(false));
            }
            catch (ModemSendException ex)
            {
                throw new ModemSendException(references, part.Sequence, ex.InnerException!);
            }
        }

        return new SendResult(references);
    }

    /// <summary>Sends one part (a PDU computed beforehand) with AT+CMGS and returns its TP-MR.</summary>
    /// <param name="pdu">The PDU in hex, SMSC field first.</param>
    /// <param name="tpduLength">The TPDU's length in octets (AT+CMGS's argument).</param>
    /// <param name="sequence">The part's number in its message, for the exception.</param>
    /// <param name="cancellationToken">Stops waiting; a PDU already written may still go out.</param>
    /// <exception cref="ModemSendException">The part was not confirmed: refused, timed out or disconnected.</exception>
    public async Task<int> SendPartAsync(string pdu, int tpduLength, int sequence, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await channel.ExecuteWithPromptAsync(
                $"AT+CMGS={tpduLength.ToString(CultureInfo.InvariantCulture)}",
                pdu,
                options.PromptTimeout,
                options.SendTimeout,
                cancellationToken).ConfigureAwait(false);
            var reference = response.Value("+CMGS:") is { } value ? CmgsReference().Match(value) : null;
            if (reference is not { Success: true })
            {
                throw new ModemCommandException($"AT+CMGS={tpduLength}", "OK without +CMGS: <mr>");
            }

            return int.Parse(reference.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is ModemCommandException or ModemTimeoutException or ModemDisconnectedException)
        {
            throw new ModemSendException([], sequence, ex);
        }
    }

    /// <summary>
    /// Whether the modem looks able to send again after it answered that it could not: the SIM is ready and
    /// a service centre is set. Sends nothing.
    /// </summary>
    public async Task<(bool CanSend, string Reason)> ProbeSendingAsync(CancellationToken cancellationToken = default)
    {
        var pin = await channel.ExecuteAsync("AT+CPIN?", options.PinTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!pin.IsOk || pin.Value("+CPIN:") is not { } state || !state.Trim().Equals("READY", StringComparison.OrdinalIgnoreCase))
        {
            return (false, $"SIM not ready ({pin.Value("+CPIN:")?.Trim() ?? pin.Final})");
        }

        var smsc = await channel.ExecuteAsync("AT+CSCA?", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        var number = smsc.Value("+CSCA:")?.Split(',')[0].Trim().Trim('"');
        return smsc.IsOk && number is { Length: > 0 } ? (true, $"SIM ready, service centre {number}") : (false, "no service centre (SMSC) set");
    }

    /// <summary>Polls signal, registration and operator; raises <see cref="HealthChanged"/> when they change.</summary>
    public async Task<ModemHealth> RefreshHealthAsync(CancellationToken cancellationToken = default)
    {
        // The parsers of At/Replies, proven on real devices' replies (AtRealWorldCorpusTests).
        var csq = await channel.ExecuteAsync("AT+CSQ", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        var rssi = SignalQualityParser.Parse(csq.Lines).Value is { Rssi: >= 0 and <= 31 } quality ? quality.Rssi : (int?)null;

        var registration = RegistrationState.Unknown;
        foreach (var command in new[] { "AT+CREG?", "AT+CEREG?", "AT+CGREG?" })
        {
            var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (answer.IsOk && NetworkRegistrationParser.Parse(answer.Lines).Value is { } read)
            {
                registration = Better(registration, StateOf(read));
            }
        }

        var cops = await channel.ExecuteAsync("AT+COPS?", options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        var operatorName = OperatorSelectionParser.Parse(cops.Lines).Value?.Operator;

        var snapshot = Update(_ => new ModemHealth(rssi, registration, operatorName, time.GetUtcNow()));
        await EnsureRoutingAsync(cancellationToken).ConfigureAwait(false);
        RequestSweep(); // a report memory read now and then: a stored report needs no indication to be stranded

        // A long SMS whose last part never comes is handed over incomplete once its wait is over —
        // checked with the health poll, not only when something else arrives.
        await ExpireIncompleteAsync().ConfigureAwait(false);
        return snapshot;
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
        channel.ExecuteAsync(command, timeout ?? options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken);

    /// <summary>A liveness check between sends: true when "AT" answers OK in time.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await channel.ExecuteAsync("AT", timeout, throwOnError: false, retryAfterTimeout: false, cancellationToken).ConfigureAwait(false)).IsOk;
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

    private async Task<string?> ReadLineAsync(string command, string prefix, CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.IsOk || answer.Lines.Count == 0)
        {
            return null;
        }

        return (answer.Value(prefix) ?? answer.Lines[0]).Trim().Trim('"');
    }

    private async Task<bool> TryAsync(string command, CancellationToken cancellationToken)
    {
        var answer = await channel.ExecuteAsync(command, options.CommandTimeout, throwOnError: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        return answer.IsOk;
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

    // 27.007 <stat> to what the gateway shows: SMS-only and CSFB-not-preferred registrations (6, 7, 9,
    // 10) carry SMS like home and roaming; emergency-only and anything newer is "unknown".
    internal static RegistrationState StateOf(NetworkRegistration registration) => registration.Stat switch
    {
        1 or 6 or 9 => RegistrationState.Home,
        5 or 7 or 10 => RegistrationState.Roaming,
        0 => RegistrationState.NotSearching,
        2 => RegistrationState.Searching,
        3 => RegistrationState.Denied,
        _ => RegistrationState.Unknown,
    };

    private static RegistrationState Better(RegistrationState current, RegistrationState candidate) =>
        current is RegistrationState.Home or RegistrationState.Roaming ? current : candidate == RegistrationState.Unknown ? current : candidate;

    [GeneratedRegex(@"^\s*(\d+)")]
    private static partial Regex CmgsReference();
}
