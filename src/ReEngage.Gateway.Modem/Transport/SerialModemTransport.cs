using System.IO.Ports;

namespace ReEngage.Gateway.Modem.Transport;

/// <summary>The one class that opens a <see cref="SerialPort"/>; everything else sees a <see cref="Stream"/>.</summary>
public static class SerialModemTransport
{
    /// <summary>Opens a device 8N1 and returns a stream that closes the port when disposed.</summary>
    /// <exception cref="ModemDisconnectedException">The device does not exist, is busy, or cannot be opened.</exception>
    public static Stream Open(string device, SerialSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(device);
        settings ??= new SerialSettings();
        var port = new SerialPort(device, settings.BaudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = settings.HardwareFlowControl ? Handshake.RequestToSend : Handshake.None,
            WriteTimeout = (int)settings.WriteTimeout.TotalMilliseconds,
            ReadTimeout = SerialPort.InfiniteTimeout,
        };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            var hint = ex is UnauthorizedAccessException ? " (is the user in the dialout group?)" : string.Empty;
            throw new ModemDisconnectedException($"Cannot open {device}: {ex.Message}{hint}", ex);
        }

        // DTR/RTS after Open: a pseudo-terminal has no modem-control lines and throws "Inappropriate
        // ioctl for device" when they are set before Open. Real USB modems want DTR on.
        try
        {
            port.DtrEnable = true;
            if (!settings.HardwareFlowControl)
            {
                port.RtsEnable = true;
            }
        }
        catch (IOException)
        {
            // No modem-control lines (pty): carry on without them.
        }

        return new SerialPortStream(port);
    }

    /// <summary>Wraps <see cref="SerialPort.BaseStream"/> so that disposing it closes the port (which ends a blocked read).</summary>
    private sealed class SerialPortStream(SerialPort port) : Stream
    {
        private readonly Stream inner = port.BaseStream;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        // Deliberately not forwarded: BaseStream.Flush has been seen to block later reads on a Pi.
        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                try
                {
                    port.Close();
                }
                catch (IOException)
                {
                    // Already gone (unplugged).
                }

                port.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
