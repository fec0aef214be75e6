using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// One client's TCP connection: frames PDUs off the stream (System.IO.Pipelines), answers binds,
/// enquire_link and unbind, hands submits to <see cref="SmppSubmitter"/> (up to the window at once, answered
/// in any order as SMPP allows) and sends receipts as deliver_sm. One writer task owns the socket's
/// output, so responses and requests from several tasks never interleave.
/// </summary>
internal sealed partial class SmppConnection(Stream stream, string remote, SmppServerContext server)
{
    private readonly Channel<byte[]> outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<Pdu?>> awaiting = new();
    private readonly SmppReassembler<ShortMessagePdu> parts = new(server.Clock, server.Options.ConcatenationTimeout);
    private readonly Lock partsGate = new();
    private PipeReader? input;
    private SmppWindow submitWindow = new(1);
    private SmppWindow deliverWindow = new(1);
    private int sequence;
    private long lastReceived = server.Clock.GetTimestamp();
    private volatile bool bindAnswered;
    private volatile bool closeRequested;
    private int unbinding;
    private string closeReason = "the client closed the connection";

    public string Remote => remote;

    public SmppAccountOptions? Account { get; private set; }

    public BindMode? Mode { get; private set; }

    /// <summary>A receiver or transceiver bind whose bind_resp was sent: deliver_sm may follow it.</summary>
    public bool CanReceive => bindAnswered && Mode is BindMode.Receiver or BindMode.Transceiver;

    private bool CanTransmit => Mode is BindMode.Transmitter or BindMode.Transceiver;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var writer = WriteLoopAsync(stopping);
        var keepAlive = KeepAliveLoopAsync(reading);
        try
        {
            await ReadLoopAsync(reading.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            closeReason = stopping.IsCancellationRequested ? "the gateway is stopping" : closeReason;
        }
        finally
        {
            await reading.CancelAsync().ConfigureAwait(false);
            await CloseAsync(writer, keepAlive).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the bind from our side (its account was deleted): unbind, then the connection closes once the client
    /// answered or <paramref name="wait"/> passed — a client that never answers is not kept open for it.
    /// </summary>
    public async Task UnbindAsync(string reason, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Once: the node that deleted the account closes its binds, then sees its own event as the others do.
        if (Interlocked.Exchange(ref unbinding, 1) == 1 || closeRequested)
        {
            return;
        }

        closeReason = reason;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        try
        {
            await RequestAsync(new EmptyPdu(SmppCommand.Unbind), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No unbind_resp in time: closed all the same.
        }
        finally
        {
            // The read loop wakes from its read, sees the request and ends; RunAsync closes the connection.
            closeRequested = true;
            input?.CancelPendingRead();
        }
    }

    private async Task CloseAsync(Task writer, Task keepAlive)
    {
        if (Account is { } account)
        {
            server.Binds.Remove(account.SystemId, this);
        }

        foreach (var pending in awaiting.Values)
        {
            pending.TrySetResult(null);
        }

        // What was queued (the last answer, an unbind_resp, a generic_nack) still goes out before the socket closes.
        outgoing.Writer.TryComplete();
        await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(5), server.Clock, CancellationToken.None)).ConfigureAwait(false);
        await keepAlive.ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        SmppLog.Closed(server.Logger, remote, Account?.SystemId, closeReason);
    }

    /// <summary>Sends a receipt (or an inbound SMS); true once the client answered it with ESME_ROK.</summary>
    public async Task<bool> DeliverAsync(ShortMessagePdu deliver, CancellationToken cancellationToken)
    {
        await deliverWindow.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await RequestAsync(deliver, cancellationToken).ConfigureAwait(false);
            return response is { CommandId: SmppCommand.DeliverSmResp, CommandStatus: CommandStatus.Ok };
        }
        finally
        {
            deliverWindow.Release();
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        input = reader;
        try
        {
            while (!closeRequested)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                SmppDecodeError? framing = null;
                try
                {
                    while (!closeRequested && SmppHeader.TryFrame(ref buffer, out var frame, out framing))
                    {
                        Interlocked.Exchange(ref lastReceived, server.Clock.GetTimestamp());
                        await HandleAsync(frame.ToArray(), cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (framing is not null)
                {
                    // The length cannot be trusted, so neither can anything after it: nack and hang up.
                    SmppLog.Malformed(server.Logger, remote, Account?.SystemId, framing.ToString());
                    Send(new EmptyPdu(SmppCommand.GenericNack) { CommandStatus = framing.Status, SequenceNumber = framing.SequenceNumber });
                    closeReason = "an impossible command_length";
                    return;
                }

                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(byte[] octets, CancellationToken cancellationToken)
    {
        if (!PduDecoder.TryDecode(octets, out var pdu, out var error))
        {
            SmppLog.Malformed(server.Logger, remote, Account?.SystemId, error!.ToString());
            if (error.IsBrokenResponse)
            {
                // Nothing answers a response; the request it answers counts as refused.
                Complete(error.SequenceNumber, new EmptyPdu(SmppCommand.GenericNack) { CommandStatus = error.Status });
                return;
            }

            Send(error.AnswerWithGenericNack
                ? new EmptyPdu(SmppCommand.GenericNack) { CommandStatus = error.Status, SequenceNumber = error.SequenceNumber }
                : Refusal(error.CommandId, error.Status, error.SequenceNumber));
            return;
        }

        switch (pdu)
        {
            case { CommandId: var id } when SmppCommand.IsResponse(id):
                Complete(pdu.SequenceNumber, pdu);
                break;
            case EmptyPdu { CommandId: SmppCommand.EnquireLink }:
                Send(new EmptyPdu(SmppCommand.EnquireLinkResp) { SequenceNumber = pdu.SequenceNumber });
                break;
            case BindPdu bind:
                await BindAsync(bind, cancellationToken).ConfigureAwait(false);
                break;
            case EmptyPdu { CommandId: SmppCommand.Unbind }:
                Send(new EmptyPdu(SmppCommand.UnbindResp) { SequenceNumber = pdu.SequenceNumber });
                closeReason = "unbind";
                closeRequested = true;
                break;
            case ShortMessagePdu { IsDeliver: false } submit:
                await SubmitAsync(submit, cancellationToken).ConfigureAwait(false);
                break;
            default:
                // deliver_sm is the SMSC's to send, not the client's.
                Send(new EmptyPdu(SmppCommand.GenericNack) { CommandStatus = CommandStatus.InvalidCommandId, SequenceNumber = pdu!.SequenceNumber });
                break;
        }
    }

    private async Task BindAsync(BindPdu bind, CancellationToken cancellationToken)
    {
        var status = CommandStatus.Ok;
        var account = Mode is null ? await server.Accounts.AuthenticateAsync(bind.SystemId, bind.Password, cancellationToken).ConfigureAwait(false) : null;
        if (Mode is not null)
        {
            status = CommandStatus.AlreadyBound;
        }

        // An unknown system_id gets the same answer as a wrong password: a stranger learns no account names.
        else if (account is null)
        {
            status = CommandStatus.InvalidPassword;
        }
        else
        {
            Mode = bind.Mode;
            Account = account;
            submitWindow = new SmppWindow(account.WindowSize);
            deliverWindow = new SmppWindow(account.WindowSize);
            if (!server.Binds.TryAdd(account, this))
            {
                (Mode, Account, status) = (null, null, CommandStatus.BindFailed);
            }
        }

        var response = new BindRespPdu(bind.Mode, server.Options.SystemId)
        {
            CommandStatus = status,
            SequenceNumber = bind.SequenceNumber,
            Tlvs = status == CommandStatus.Ok ? [Tlv.OfByte(TlvTag.ScInterfaceVersion, 0x34)] : [],
        };
        Send(response);
        if (status != CommandStatus.Ok)
        {
            SmppLog.BindRefused(server.Logger, remote, bind.SystemId, CommandStatus.Name(status));
            return;
        }

        SmppLog.Bound(server.Logger, remote, bind.Mode, bind.SystemId);
        bindAnswered = true;
        if (CanReceive)
        {
            server.Binds.NotifyReceiverBound();
        }
    }

    private void Send(Pdu pdu) => outgoing.Writer.TryWrite(PduEncoder.Encode(pdu));

    private void Complete(uint sequenceNumber, Pdu? response)
    {
        if (awaiting.TryRemove(sequenceNumber, out var pending))
        {
            pending.TrySetResult(response);
        }
    }

    /// <summary>Sends a request of ours and waits for its response (null: none in time, or the connection closed).</summary>
    private async Task<Pdu?> RequestAsync(Pdu request, CancellationToken cancellationToken)
    {
        var number = (uint)(Interlocked.Increment(ref sequence) & 0x7FFFFFFF);
        var pending = new TaskCompletionSource<Pdu?>(TaskCreationOptions.RunContinuationsAsynchronously);
        awaiting[number] = pending;
        Send(request with { SequenceNumber = number });
        try
        {
            return await pending.Task.WaitAsync(server.Options.ResponseTimeout, server.Clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            awaiting.TryRemove(number, out _);
            return null;
        }
    }

    private async Task WriteLoopAsync(CancellationToken stopping)
    {
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            while (await outgoing.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (outgoing.Reader.TryRead(out var octets))
                {
                    writer.Write(octets);
                }

                await writer.FlushAsync(stopping).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The client is gone; the read side notices too.
        }
    }
}
