using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using ReEngage.Gateway.Smpp;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>A bare SMPP client over the codec: sends PDUs, collects what the server sends, answers enquire_link (unless told not to).</summary>
internal sealed class SmppTestClient : IAsyncDisposable
{
    private readonly TcpClient tcp = new();
    private readonly Channel<Pdu> received = Channel.CreateUnbounded<Pdu>();
    private readonly CancellationTokenSource stop = new();
    private NetworkStream stream = null!;
    private Task reader = Task.CompletedTask;
    private uint sequence;

    public bool AnswerEnquireLink { get; init; } = true;

    /// <summary>Answer deliver_sm with ESME_ROK (false: leave them unanswered).</summary>
    public bool AnswerDeliverSm { get; set; } = true;

    /// <summary>Set when the server closed the connection.</summary>
    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<SmppTestClient> ConnectAsync(int port, bool answerEnquireLink = true)
    {
        var client = new SmppTestClient { AnswerEnquireLink = answerEnquireLink };
        await client.tcp.ConnectAsync("127.0.0.1", port);
        client.stream = client.tcp.GetStream();
        client.reader = client.ReadAsync();
        return client;
    }

    public uint NextSequence() => ++sequence;

    public async Task SendRawAsync(byte[] octets) => await stream.WriteAsync(octets);

    public async Task<uint> SendAsync(Pdu pdu)
    {
        var number = pdu.SequenceNumber != 0 ? pdu.SequenceNumber : NextSequence();
        await SendRawAsync(PduEncoder.Encode(pdu with { SequenceNumber = number }));
        return number;
    }

    /// <summary>Sends and waits for the response with the same sequence number.</summary>
    public async Task<Pdu> CallAsync(Pdu pdu)
    {
        var number = await SendAsync(pdu);
        return await ReceiveAsync(p => p.SequenceNumber == number && SmppCommand.IsResponse(p.CommandId));
    }

    public async Task<BindRespPdu> BindAsync(string systemId, string password, BindMode mode = BindMode.Transceiver) =>
        Assert.IsType<BindRespPdu>(await CallAsync(new BindPdu(mode, systemId, password)));

    /// <summary>The next PDU matching the filter; others received before it are dropped.</summary>
    public async Task<Pdu> ReceiveAsync(Func<Pdu, bool> match, int seconds = 20)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (true)
        {
            var pdu = await received.Reader.ReadAsync(timeout.Token);
            if (match(pdu))
            {
                return pdu;
            }
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[8192];
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(chunk, stop.Token);
                if (n == 0)
                {
                    break;
                }

                buffer.Write(chunk.AsSpan(0, n));
                var sequenceBuffer = new ReadOnlySequence<byte>(buffer.WrittenMemory);
                var consumed = 0L;
                while (SmppHeader.TryFrame(ref sequenceBuffer, out var frame, out _))
                {
                    consumed += frame.Length;
                    var pdu = PduDecoder.Decode(frame.ToArray());
                    if (pdu.CommandId == SmppCommand.EnquireLink && AnswerEnquireLink)
                    {
                        await SendAsync(new EmptyPdu(SmppCommand.EnquireLinkResp) { SequenceNumber = pdu.SequenceNumber });
                    }
                    else if (pdu is ShortMessagePdu { IsDeliver: true } && AnswerDeliverSm)
                    {
                        await SendAsync(new MessageRespPdu(SmppCommand.DeliverSmResp, "") { SequenceNumber = pdu.SequenceNumber });
                    }

                    received.Writer.TryWrite(pdu);
                }

                var rest = buffer.WrittenSpan[(int)consumed..].ToArray();
                buffer.Clear();
                buffer.Write(rest);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closed.
        }

        Closed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        tcp.Dispose();
        await reader;
        stop.Dispose();
    }
}
