using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ReEngage.Gateway.Modem.At;

/// <summary>
/// The AT command channel over any duplex <see cref="Stream"/> (a serial port, a pseudo-terminal, an
/// in-memory pipe). One command in flight; a reader task that frames lines whatever chunks they arrive
/// in; URCs — also those that arrive between a command and its answer — go to <see cref="Unsolicited"/>.
/// </summary>
/// <remarks>
/// A modem answers every command, even one we stopped waiting for. So an answer is taken only when it
/// can be shown to belong to the command in flight: with echo on (set by <see cref="SynchronizeAsync"/>,
/// as Gammu does), only lines after the command's own echo count; an answer that cannot be its own (a
/// prefix of another command, a bare final where an information line is mandatory, a prompt nobody
/// asked for) is a loss of synchronisation; and after any timeout the line is re-synchronised — drained
/// until quiet, then a probe whose answer cannot be a stale one — before the next command is sent.
/// </remarks>
public sealed partial class AtChannel : IAsyncDisposable
{
    /// <summary>Default time for an ordinary command to answer.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private const byte CtrlZ = 0x1A;
    private const byte Esc = 0x1B;

    private readonly Stream stream;
    private readonly bool ownsStream;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly string name;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Channel<AtUrc> urcs = Channel.CreateUnbounded<AtUrc>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock sync = new();
    private readonly CancellationTokenSource shutdown = new();
    private readonly Task readLoop;
    private Pending? pending;
    private string? twoLineHeader;
    private Exception? closedBecause;

    /// <summary>Starts reading the stream.</summary>
    /// <param name="stream">A readable and writable stream to the modem.</param>
    /// <param name="name">The modem's name, for logs.</param>
    /// <param name="logger">Where AT traffic is logged (at Trace; PDUs and PINs are never logged).</param>
    /// <param name="timeProvider">Clock for timeouts.</param>
    /// <param name="ownsStream">Dispose the stream with the channel.</param>
    public AtChannel(Stream stream, string name = "modem", ILogger? logger = null, TimeProvider? timeProvider = null, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        this.stream = stream;
        this.name = name;
        this.ownsStream = ownsStream;
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        lastInput = time.GetTimestamp();
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Unsolicited result codes, in arrival order. Completes when the stream ends.</summary>
    public ChannelReader<AtUrc> Unsolicited => urcs.Reader;

    /// <summary>Completes when the stream ends or fails (unplugged, closed).</summary>
    public Task Completion => readLoop;

    /// <summary>True once the stream has ended.</summary>
    public bool IsClosed => readLoop.IsCompleted;

    /// <summary>Every answer the channel accepted, as it accepted it (diagnostics and the hostile-line tests).</summary>
    public event Action<AtResponse>? Answered;

    /// <summary>Sends a command and waits for its final result.</summary>
    /// <exception cref="ModemCommandException">The modem answered with an error and <paramref name="throwOnError"/> is set.</exception>
    /// <exception cref="ModemTimeoutException">No final result within the timeout, or no answer that could be shown to be this command's.</exception>
    /// <exception cref="ModemDisconnectedException">The stream ended.</exception>
    /// <param name="command">The command line, without CR.</param>
    /// <param name="timeout">How long the answer may take.</param>
    /// <param name="throwOnError">Throw <see cref="ModemCommandException"/> for an error answer.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <param name="retryAfterTimeout">
    /// Once the line is back in step, send a command that is safe to repeat once more after a timeout: a
    /// single late answer then costs a resync, not the whole operation. Off for liveness checks.
    /// </param>
    public async Task<AtResponse> ExecuteAsync(string command, TimeSpan? timeout = null, bool throwOnError = true, bool retryAfterTimeout = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var limit = timeout ?? DefaultTimeout;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSynchronizedAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var request = Begin(command, expectsPrompt: false, lenient: attempt > 1 || IsLearnedOptional(command));
                await WriteAsync(Encoding.ASCII.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
                try
                {
                    var response = await WaitAsync(request, request.Answer.Task, limit, outcomeUnknown: false, cancellationToken).ConfigureAwait(false);
                    if (attempt > 1 && request.MissingInformation)
                    {
                        LearnOptional(command); // this modem really answers it without the line (Gammu bug #1245)
                    }

                    Answered?.Invoke(response);
                    return throwOnError && !response.IsOk ? throw new ModemCommandException(command, response.Final) : response;
                }
                catch (AtSyncLostException lost) when (attempt == 1 && AtCommandRules.IsSafeToRepeat(command))
                {
                    await ResynchronizeAsync(lost.Message, cancellationToken).ConfigureAwait(false);
                }
                catch (AtSyncLostException)
                {
                    throw new ModemTimeoutException(command, limit, outcomeUnknown: false, lostSync: true);
                }
                catch (ModemTimeoutException) when (retryAfterTimeout && attempt == 1 && AtCommandRules.IsSafeToRepeat(command))
                {
                    await ResynchronizeAsync($"{ModemCommandException.Redact(command)} timed out", cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Sends a command that answers with the "&gt; " prompt (AT+CMGS, AT+CMGW), then the payload and
    /// Ctrl-Z, and waits for the final result. No other command runs in between (gammu #87/#88).
    /// </summary>
    /// <exception cref="ModemCommandException">The modem refused the command or the payload.</exception>
    /// <exception cref="ModemTimeoutException">No prompt (nothing was sent), or no result after the payload (<see cref="ModemTimeoutException.OutcomeUnknown"/>).</exception>
    /// <exception cref="ModemDisconnectedException">The stream ended.</exception>
    public async Task<AtResponse> ExecuteWithPromptAsync(string command, string payload, TimeSpan promptTimeout, TimeSpan resultTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ArgumentNullException.ThrowIfNull(payload);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSynchronizedAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                var request = Begin(command, expectsPrompt: true, lenient: false, payload);
                await WriteAsync(Encoding.ASCII.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
                try
                {
                    return await SendPayloadAsync(request, payload, promptTimeout, resultTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (AtSyncLostException lost) when (!request.PayloadWritten && attempt == 1)
                {
                    // Nothing was sent: the modem may sit in text entry; ESC leaves it, then once more.
                    await ResynchronizeAsync(lost.Message, cancellationToken).ConfigureAwait(false);
                }
                catch (AtSyncLostException)
                {
                    MarkUnsynchronized();
                    throw new ModemTimeoutException(command, request.PayloadWritten ? resultTimeout : promptTimeout, request.PayloadWritten, lostSync: true);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Writes ESC + CR and discards what comes back for a moment: a gateway that crashed inside
    /// AT+CMGS may have left the modem waiting for a PDU (MODEMS.md, init step 2).
    /// </summary>
    public async Task ResetInputModeAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync([Esc, (byte)'\r'], cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(150), time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync().ConfigureAwait(false);
        if (ownsStream)
        {
            // Closing the stream is what ends a blocked serial read on Linux.
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The loop ends by cancellation or by the stream closing under it: both are a normal end here.
        }

        shutdown.Dispose();
        gate.Dispose();
    }

    private async Task<AtResponse> SendPayloadAsync(Pending request, string payload, TimeSpan promptTimeout, TimeSpan resultTimeout, CancellationToken cancellationToken)
    {
        Task first;
        try
        {
            first = await Task.WhenAny(request.Prompt!.Task, request.Answer.Task).WaitAsync(promptTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No prompt: nothing was sent. ESC takes the modem out of text-entry mode, if it is in it.
            Abandon(request);
            MarkUnsynchronized();
            await TryWriteAsync([Esc]).ConfigureAwait(false);
            Log.Timeout(logger, name, request.Command, promptTimeout.TotalSeconds);
            throw new ModemTimeoutException(request.Command, promptTimeout);
        }

        if (first == request.Answer.Task)
        {
            var refused = await request.Answer.Task.ConfigureAwait(false); // an AtSyncLostException surfaces here
            Answered?.Invoke(refused);
            throw new ModemCommandException(request.Command, refused.Final);
        }

        var body = new byte[payload.Length + 1];
        Encoding.ASCII.GetBytes(payload, body);
        body[^1] = CtrlZ;
        request.PayloadWritten = true;
        await WriteAsync(body, cancellationToken).ConfigureAwait(false);
        var response = await WaitAsync(request, request.Answer.Task, resultTimeout, outcomeUnknown: true, cancellationToken).ConfigureAwait(false);
        Answered?.Invoke(response);
        return response.IsOk ? response : throw new ModemCommandException(request.Command, response.Final);
    }

    private Pending Begin(string command, bool expectsPrompt, bool lenient, string? payload = null, bool probe = false)
    {
        var request = new Pending(command, AtLineClassifier.ResponsePrefix(command), expectsPrompt, payload)
        {
            RequiresInformation = !lenient && AtCommandRules.RequiresInformation(command),
            IsProbe = probe,
        };
        lock (sync)
        {
            if (closedBecause is not null)
            {
                throw new ModemDisconnectedException($"{name}: the connection to the modem is closed", closedBecause);
            }

            pending = request;
        }

        Log.Command(logger, name, ModemCommandException.Redact(command));
        return request;
    }

    private async Task<AtResponse> WaitAsync(Pending request, Task<AtResponse> task, TimeSpan limit, bool outcomeUnknown, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(limit, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abandon(request);
            MarkUnsynchronized(); // its answer may still come, and must not be taken for the next command's
            Log.Timeout(logger, name, ModemCommandException.Redact(request.Command), limit.TotalSeconds);
            throw new ModemTimeoutException(request.Command, limit, outcomeUnknown);
        }
        catch (OperationCanceledException)
        {
            Abandon(request);
            MarkUnsynchronized();
            throw;
        }
    }

    private void Abandon(Pending request)
    {
        lock (sync)
        {
            if (ReferenceEquals(pending, request))
            {
                pending = null;
            }
        }
    }

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            // No Flush: on a Raspberry Pi it has been seen to block later reads (MODEMS.md).
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
        {
            lock (sync)
            {
                pending = null;
            }

            throw new ModemDisconnectedException($"{name}: writing to the modem failed: {ex.Message}", ex);
        }
    }

    private async Task TryWriteAsync(byte[] bytes)
    {
        try
        {
            await stream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            Log.WriteFailed(logger, name, ex.Message);
        }
    }

    private sealed class Pending(string command, string? prefix, bool expectsPrompt, string? payload)
    {
        public string Command { get; } = command;

        public string? Prefix { get; } = prefix;

        public bool ExpectsPrompt { get; } = expectsPrompt;

        public string? Payload { get; } = payload;

        public bool RequiresInformation { get; init; }

        public bool IsProbe { get; init; }

        public bool EchoSeen { get; set; }

        public bool PayloadWritten { get; set; }

        public bool MissingInformation { get; set; }

        public List<string> Lines { get; } = [];

        public TaskCompletionSource<AtResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource? Prompt { get; } = expectsPrompt ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }

    private sealed class AtSyncLostException(string reason) : Exception(reason);
}
