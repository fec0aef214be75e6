using System.Threading.Channels;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// One end of an in-memory byte pipe pair: what one end writes, the other reads, in the chunks it was
/// written (so tests can split output at every byte). Disposing an end makes the other read 0 (EOF).
/// </summary>
public sealed class InMemoryDuplexStream : Stream
{
    private readonly Channel<byte[]> inbound;
    private readonly Channel<byte[]> outbound;
    private byte[] leftover = [];
    private int leftoverOffset;
    private bool disposed;

    private InMemoryDuplexStream(Channel<byte[]> inbound, Channel<byte[]> outbound)
    {
        this.inbound = inbound;
        this.outbound = outbound;
    }

    /// <summary>Creates two connected ends.</summary>
    public static (InMemoryDuplexStream Host, InMemoryDuplexStream Device) CreatePair()
    {
        var toDevice = Channel.CreateUnbounded<byte[]>();
        var toHost = Channel.CreateUnbounded<byte[]>();
        return (new InMemoryDuplexStream(toHost, toDevice), new InMemoryDuplexStream(toDevice, toHost));
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (leftoverOffset >= leftover.Length)
        {
            if (!await inbound.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) || !inbound.Reader.TryRead(out var chunk))
            {
                return 0;
            }

            leftover = chunk;
            leftoverOffset = 0;
        }

        var count = Math.Min(buffer.Length, leftover.Length - leftoverOffset);
        leftover.AsMemory(leftoverOffset, count).CopyTo(buffer);
        leftoverOffset += count;
        return count;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!outbound.Writer.TryWrite(buffer.ToArray()))
        {
            throw new IOException("The other end of the pipe is gone.");
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            outbound.Writer.TryComplete();
            inbound.Writer.TryComplete();
        }

        base.Dispose(disposing);
    }
}
