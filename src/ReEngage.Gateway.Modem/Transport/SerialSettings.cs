namespace ReEngage.Gateway.Modem.Transport;

/// <summary>Serial line settings. USB CDC modems ignore the baud rate; a UART HAT (SIM800 on /dev/serial0) does not.</summary>
public sealed record SerialSettings
{
    /// <summary>Baud rate (115200 by default).</summary>
    public int BaudRate { get; init; } = 115200;

    /// <summary>RTS/CTS hardware flow control (for UART modems wired with it).</summary>
    public bool HardwareFlowControl { get; init; }

    /// <summary>Write timeout: a write that blocks this long means the device is gone.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
