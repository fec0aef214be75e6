using System.Threading.Channels;

namespace ReEngage.Gateway.Smpp;

/// <summary>
/// At most N requests in flight (SMPP's window). A bounded channel rather than a semaphore: nothing to
/// dispose, so a late completion releasing into a closed connection's window is harmless.
/// </summary>
internal sealed class SmppWindow(int size)
{
    private readonly Channel<byte> slots = Channel.CreateBounded<byte>(size);

    public ValueTask WaitAsync(CancellationToken cancellationToken) => slots.Writer.WriteAsync(0, cancellationToken);

    public void Release() => slots.Reader.TryRead(out _);
}
