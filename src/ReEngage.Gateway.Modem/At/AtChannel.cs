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
public sealed class AtChannel : IAsyncDisposable
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
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Unsolicited result codes, in arrival order. Completes when the stream ends.</summary>
    public ChannelReader<AtUrc> Unsolicited => urcs.Reader;

    /// <summary>Completes when the stream ends or fails (unplugged, closed).</summary>
    public Task Completion => readLoop;

    /// <summary>True once the stream has ended.</summary>
    public bool IsClosed => readLoop.IsCompleted;

    /// <summary>Sends a command and waits for its final result.</summary>
    /// <exception cref="ModemCommandException">The modem answered with an error and <paramref name="throwOnError"/> is set.</exception>
    /// <exception cref="ModemTimeoutException">No final result within the timeout.</exception>
    /// <exception cref="ModemDisconnectedException">The stream ended.</exception>
    public async Task<AtResponse> ExecuteAsync(string command, TimeSpan? timeout = null, bool throwOnError = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        var limit = timeout ?? DefaultTimeout;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = Begin(command, expectsPrompt: false);
            await WriteAsync(Encoding.ASCII.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
            var response = await WaitAsync(request, request.Answer.Task, limit, outcomeUnknown: false, cancellationToken).ConfigureAwait(false);
            return throwOnError && !response.IsOk ? throw new ModemCommandException(command, response.Final) : response;
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
            var request = Begin(command, expectsPrompt: true, payload);
            await WriteAsync(Encoding.ASCII.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
            var first = await Task.WhenAny(request.Prompt!.Task, request.Answer.Task).WaitAsync(promptTimeout, time, cancellationToken)
                .ConfigureAwait(false);
            if (first == request.Answer.Task)
            {
                var refused = await request.Answer.Task.ConfigureAwait(false);
                throw new ModemCommandException(command, refused.Final);
            }

            var body = new byte[payload.Length + 1];
            Encoding.ASCII.GetBytes(payload, body);
            body[^1] = CtrlZ;
            await WriteAsync(body, cancellationToken).ConfigureAwait(false);
            var response = await WaitAsync(request, request.Answer.Task, resultTimeout, outcomeUnknown: true, cancellationToken).ConfigureAwait(false);
            return response.IsOk ? response : throw new ModemCommandException(command, response.Final);
        }
        catch (TimeoutException) when (IsAwaitingPrompt())
        {
            // No prompt: nothing was sent. ESC takes the modem out of text-entry mode, if it is in it.
            Abandon();
            await TryWriteAsync([Esc]).ConfigureAwait(false);
            throw new ModemTimeoutException(command, promptTimeout);
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

    private Pending Begin(string command, bool expectsPrompt, string? payload = null)
    {
        var request = new Pending(command, AtLineClassifier.ResponsePrefix(command), expectsPrompt, payload);
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
            lock (sync)
            {
                if (ReferenceEquals(pending, request))
                {
                    pending = null;
                }
            }

            Log.Timeout(logger, name, ModemCommandException.Redact(request.Command), limit.TotalSeconds);
            throw new ModemTimeoutException(request.Command, limit, outcomeUnknown);
        }
        catch (OperationCanceledException)
        {
            Abandon();
            throw;
        }
    }

    private bool IsAwaitingPrompt()
    {
        lock (sync)
        {
            return pending is { ExpectsPrompt: true } p && !p.Prompt!.Task.IsCompleted;
        }
    }

    private void Abandon()
    {
        lock (sync)
        {
            pending = null;
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
            Abandon();
            throw new ModemDisconnectedException($"{name}: writing to the modem failed: {ex.Message}", ex);
        }
    }

    private async Task TryWriteAsync(byte[] bytes)
    {
        try
        {
            await stream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.WriteFailed(logger, name, ex.Message);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        var line = new StringBuilder(256);
        Exception? reason = null;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, shutdown.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    reason = new ModemDisconnectedException($"{name}: the modem's stream ended");
                    break;
                }

                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        if (line.Length > 0)
                        {
                            HandleLine(line.ToString());
                            line.Clear();
                        }

                        continue;
                    }

                    // Garbage from a wrong baud rate or line noise: modems answer in ASCII (CSCS "GSM"
                    // or "IRA"), so control bytes, DEL and anything above 0x7F are dropped.
                    if (b < 0x20 || b >= 0x7F)
                    {
                        continue;
                    }

                    line.Append((char)b);
                    if (line.Length == 2 && line[0] == '>' && line[1] == ' ')
                    {
                        SignalPrompt(line);
                    }
                    else if (line.Length > 4096)
                    {
                        line.Clear(); // a line no modem sends: noise, not memory growth
                    }
                }

                // Some modems send ">" without the space; it ends the chunk, with no newline after it.
                if (line.Length == 1 && line[0] == '>')
                {
                    SignalPrompt(line);
                }
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            reason = new ModemDisconnectedException($"{name}: the channel was closed");
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
        {
            reason = new ModemDisconnectedException($"{name}: reading from the modem failed: {ex.Message}", ex);
        }
        finally
        {
            Pending? orphan;
            lock (sync)
            {
                closedBecause = reason ?? new ModemDisconnectedException($"{name}: the channel was closed");
                orphan = pending;
                pending = null;
            }

            orphan?.Answer.TrySetException(closedBecause);
            orphan?.Prompt?.TrySetException(closedBecause);
            urcs.Writer.TryComplete();
            Log.Closed(logger, name, closedBecause.Message);
        }
    }

    private void SignalPrompt(StringBuilder line)
    {
        lock (sync)
        {
            if (pending is { ExpectsPrompt: true } p && p.Prompt!.TrySetResult())
            {
                line.Clear();
            }
        }
    }

    private void HandleLine(string raw)
    {
        var line = raw.Trim();
        if (line.Length == 0)
        {
            return;
        }

        Log.Received(logger, name, line.Length > 40 && IsHex(line) ? $"<{line.Length / 2} octets>" : line);
        lock (sync)
        {
            var request = pending;
            if (twoLineHeader is not null)
            {
                var header = twoLineHeader;
                twoLineHeader = null;
                if (IsHex(line))
                {
                    urcs.Writer.TryWrite(new AtUrc(header, line));
                    return;
                }

                urcs.Writer.TryWrite(new AtUrc(header)); // header without its PDU: hand it on, then read this line normally
            }

            if (request is not null && IsEcho(request, line))
            {
                return;
            }

            if (request is not null && AtLineClassifier.IsFinal(line, request.Command))
            {
                pending = null;
                request.Answer.TrySetResult(new AtResponse(request.Command, request.Lines, line));
                return;
            }

            if (AtLineClassifier.IsUnsolicited(line, request is not null, request?.Prefix))
            {
                if (AtLineClassifier.IsTwoLineUrc(line))
                {
                    twoLineHeader = line;
                }
                else
                {
                    urcs.Writer.TryWrite(new AtUrc(line));
                }

                return;
            }

            request!.Lines.Add(line);
        }
    }

    private static bool IsEcho(Pending request, string line) =>
        line.Equals(request.Command, StringComparison.OrdinalIgnoreCase)
        || (request.Payload is not null && line.StartsWith(request.Payload, StringComparison.OrdinalIgnoreCase))
        || (request.ExpectsPrompt && line.StartsWith("> ", StringComparison.Ordinal) && request.Payload is not null && line.Contains(request.Payload, StringComparison.OrdinalIgnoreCase));

    private static bool IsHex(string line)
    {
        foreach (var c in line)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Pending(string command, string? prefix, bool expectsPrompt, string? payload)
    {
        public string Command { get; } = command;

        public string? Prefix { get; } = prefix;

        public bool ExpectsPrompt { get; } = expectsPrompt;

        public string? Payload { get; } = payload;

        public List<string> Lines { get; } = [];

        public TaskCompletionSource<AtResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource? Prompt { get; } = expectsPrompt ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }
}
