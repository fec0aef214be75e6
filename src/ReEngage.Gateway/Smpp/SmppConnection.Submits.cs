namespace ReEngage.Gateway.Smpp;

/// <summary>Submits and the timers: concatenated parts held until whole, enquire_link when quiet, idle binds dropped.</summary>
internal sealed partial class SmppConnection
{
    private async Task SubmitAsync(ShortMessagePdu submit, CancellationToken cancellationToken)
    {
        if (!CanTransmit || Account is not { } account)
        {
            Send(Refusal(submit.CommandId, CommandStatus.InvalidBindStatus, submit.SequenceNumber));
            return;
        }

        if (!server.Throttle.TryTake(account.SystemId, account.Throughput))
        {
            SmppLog.Throttled(server.Logger, account.SystemId, account.Throughput);
            server.Metrics.Throttled(account.SystemId);
            Send(Refusal(submit.CommandId, CommandStatus.Throttled, submit.SequenceNumber));
            return;
        }

        if (!SmppUserData.TryRead(submit, out var userData, out var status))
        {
            server.Metrics.Submitted(account.SystemId, status);
            Send(Refusal(submit.CommandId, status, submit.SequenceNumber));
            return;
        }

        IReadOnlyList<ShortMessagePdu> requests = [submit];
        var payload = userData!.Payload;
        if (userData.Segment is { } segment)
        {
            // Each part is answered only when the whole message is stored, with its message id: the client's
            // window must hold all the parts of one message (Kannel's and node-smpp's defaults do).
            ReassemblyResult<ShortMessagePdu> result;
            lock (partsGate)
            {
                result = parts.Add($"{submit.SourceAddress}\u001f{submit.DestinationAddress}\u001f{submit.DataCoding}", segment, payload, submit);
            }

            switch (result.Outcome)
            {
                case ReassemblyOutcome.Waiting:
                    return;
                case ReassemblyOutcome.Duplicate:
                    Send(Refusal(submit.CommandId, CommandStatus.SubmitFailed, submit.SequenceNumber));
                    return;
            }

            requests = [.. result.Parts.Select(p => p.Tag)];
            payload = result.Joined();
        }

        // The window: at most WindowSize submits being stored at once; the next read waits for a free slot.
        await submitWindow.WaitAsync(cancellationToken).ConfigureAwait(false);
        var window = submitWindow;
        _ = Task.Run(async () =>
        {
            try
            {
                var (outcome, messageId) = await server.Submitter.SubmitAsync(account, requests[0], payload, requests.Count, CancellationToken.None).ConfigureAwait(false);
                server.Metrics.Submitted(account.SystemId, outcome);
                foreach (var request in requests)
                {
                    Send(new MessageRespPdu(SmppCommand.SubmitSmResp, messageId) { CommandStatus = outcome, SequenceNumber = request.SequenceNumber });
                }
            }
            finally
            {
                window.Release();
            }
        }, CancellationToken.None);
    }

    /// <summary>The response that refuses a request with a status (generic_nack for what has no response of its own).</summary>
    private Pdu Refusal(uint commandId, uint status, uint sequenceNumber) => commandId switch
    {
        SmppCommand.BindTransmitter or SmppCommand.BindReceiver or SmppCommand.BindTransceiver =>
            new BindRespPdu(commandId == SmppCommand.BindReceiver ? BindMode.Receiver : commandId == SmppCommand.BindTransmitter ? BindMode.Transmitter : BindMode.Transceiver, server.Options.SystemId)
            { CommandStatus = status, SequenceNumber = sequenceNumber },
        SmppCommand.SubmitSm => new MessageRespPdu(SmppCommand.SubmitSmResp, "") { CommandStatus = status, SequenceNumber = sequenceNumber },
        SmppCommand.DeliverSm => new MessageRespPdu(SmppCommand.DeliverSmResp, "") { CommandStatus = status, SequenceNumber = sequenceNumber },
        SmppCommand.Unbind => new EmptyPdu(SmppCommand.UnbindResp) { CommandStatus = status, SequenceNumber = sequenceNumber },
        SmppCommand.EnquireLink => new EmptyPdu(SmppCommand.EnquireLinkResp) { CommandStatus = status, SequenceNumber = sequenceNumber },
        _ => new EmptyPdu(SmppCommand.GenericNack) { CommandStatus = status, SequenceNumber = sequenceNumber },
    };

    private async Task KeepAliveLoopAsync(CancellationTokenSource reading)
    {
        var probing = false;
        try
        {
            while (!reading.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), server.Clock, reading.Token).ConfigureAwait(false);
                IReadOnlyList<ShortMessagePdu> expired;
                lock (partsGate)
                {
                    expired = parts.TakeExpired();
                }

                foreach (var part in expired)
                {
                    Send(Refusal(part.CommandId, CommandStatus.SubmitFailed, part.SequenceNumber));
                }

                var silence = server.Clock.GetElapsedTime(Interlocked.Read(ref lastReceived));
                if (silence >= server.Options.IdleTimeout)
                {
                    closeReason = $"nothing received for {server.Options.IdleTimeout.TotalSeconds:0} s";
                    closeRequested = true;
                    await reading.CancelAsync().ConfigureAwait(false);
                    return;
                }

                if (silence >= server.Options.EnquireLinkInterval && !probing && Mode is not null)
                {
                    // Its answer counts as traffic (lastReceived), which is all the probe is for.
                    probing = true;
                    _ = RequestAsync(new EmptyPdu(SmppCommand.EnquireLink), reading.Token).ContinueWith(_ => probing = false, TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection is closing.
        }
    }
}
