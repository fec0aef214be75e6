using System.Globalization;
using System.Text;

namespace ReEngage.Gateway.Modem.Simulation;

/// <summary>
/// A simulated GSM modem: an AT responder with a real modem's behaviour (echo until ATE0, the "> "
/// prompt, URCs, PIN states, SMS storage, +CMS/+CME errors), served over any stream — an in-memory
/// pipe for fast tests, or a pseudo-terminal so the real SerialPort code path can open it. Not a mock:
/// it validates what it is sent and answers as the specification and real firmware do.
/// </summary>
public sealed partial class SimulatedModem : IAsyncDisposable
{
    private readonly SimulatedModemOptions options;
    private readonly SimulatedNetwork network;
    private readonly Lock sync = new();
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly SortedDictionary<int, StoredSms> sm = [];
    private readonly SortedDictionary<int, StoredSms> sr = [];
    private readonly Queue<byte[]> waitingForStorage = new();
    private readonly Queue<int> failNextSends = new();
    private readonly List<string> commandLog = [];
    private readonly List<SimulatedExchange> transcript = [];
    private int exchanges;
    private readonly SubmitGapRecorder submitGaps = new();
    private string? promptCommand;
    private Connection? connection;
    private bool echo = true;
    private string pinState;
    private int pinAttempts = 3;
    private int cmgf;
    private int cmee;
    private int cnmiMt;
    private int cnmiDs;
    private int cregMode;
    private string readMemory = "SM";
    private int nextReference;
    private int rssi;
    private int registration;
    private bool hung;

    /// <summary>Creates a modem attached to a network (a private one when none is given).</summary>
    public SimulatedModem(SimulatedModemOptions? options = null, SimulatedNetwork? network = null)
    {
        this.options = options ?? new SimulatedModemOptions();
        this.network = network ?? new SimulatedNetwork();
        pinState = !this.options.SimInserted ? "NOT INSERTED" : this.options.Pin is null ? "READY" : "SIM PIN";
        nextReference = this.options.FirstMessageReference;
        rssi = this.options.Rssi;
        registration = this.options.Registration;
        this.network.Attach(this);
    }

    /// <summary>The modem's name.</summary>
    public string Name => options.Name;

    /// <summary>The SIM's number.</summary>
    public string PhoneNumber => options.PhoneNumber;

    /// <summary>The options it was made with.</summary>
    public SimulatedModemOptions Options => options;

    /// <summary>The network it is attached to.</summary>
    public SimulatedNetwork Network => network;

    /// <summary>When true, output is written one byte at a time (a slow, chunked serial line).</summary>
    public bool SplitOutput { get; set; }

    /// <summary>The host's time between one submit's answer and the next submit, as this modem saw it.</summary>
    public SubmitGapRecorder SubmitGaps => submitGaps;

    /// <summary>Commands received, in order (PIN digits masked): the latest <see cref="SimulatedModemOptions.RecordLimit"/>.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (sync)
            {
                return [.. commandLog];
            }
        }
    }

    /// <summary>
    /// Every command with the answer the modem gave it, in order (PIN digits masked): the modem's own
    /// record, against which a host's reading of the line can be checked. The latest <see cref="SimulatedModemOptions.RecordLimit"/>;
    /// each keeps its <see cref="SimulatedExchange.Sequence"/> counted from the first command.
    /// </summary>
    public IReadOnlyList<SimulatedExchange> Transcript
    {
        get
        {
            lock (sync)
            {
                return [.. transcript];
            }
        }
    }

    /// <summary>Messages in inbound storage ("SM").</summary>
    public int StoredCount
    {
        get
        {
            lock (sync)
            {
                return sm.Count;
            }
        }
    }

    /// <summary>Status reports in "SR" storage.</summary>
    public int StoredReportCount
    {
        get
        {
            lock (sync)
            {
                return sr.Count;
            }
        }
    }

    /// <summary>True while a host is connected.</summary>
    public bool IsConnected => connection is not null;

    /// <summary>False between <see cref="Unplug"/> and <see cref="Replug"/>: the device node is gone.</summary>
    public bool IsPluggedIn { get; private set; } = true;

    /// <summary>Puts the device back after <see cref="Unplug"/> (a host can connect again).</summary>
    public void Replug() => IsPluggedIn = true;

    private bool IsHuawei => options.Dialect == SimulatedDialect.HuaweiE173;

    private bool SupportsReportStorage => ReportMemory is not null;

    // Where the modem files status reports it does not route: "SR" on most, the inbox on Huawei sticks
    // (which have no "SR"), nowhere on a SIM800 (ds 0/1 only).
    private string? ReportMemory => options.Dialect switch
    {
        SimulatedDialect.Generic or SimulatedDialect.QuectelEc25 => "SR",
        SimulatedDialect.HuaweiE173 => "SM",
        _ => null,
    };

    private int IndexBase => IsHuawei ? 0 : 1;

    /// <summary>Connects a host over an in-memory pipe and returns the host's end.</summary>
    public Stream ConnectInMemory()
    {
        IsPluggedIn = true;
        var (host, device) = InMemoryDuplexStream.CreatePair();
        Serve(device);
        return host;
    }

    /// <summary>Serves AT on a stream (e.g. a pseudo-terminal master) until it ends or <see cref="Unplug"/>.</summary>
    public Task Serve(Stream device)
    {
        var current = new Connection(device);
        Connection? previous;
        lock (sync)
        {
            previous = connection;
            connection = current;
        }

        previous?.Close();
        current.Loop = Task.Run(() => ReadLoopAsync(current));
        return current.Loop;
    }

    /// <summary>Simulates pulling the USB plug: the host's stream ends.</summary>
    public void Unplug()
    {
        IsPluggedIn = false;
        Connection? current;
        lock (sync)
        {
            current = connection;
            connection = null;
        }

        current?.Close();
    }

    /// <summary>Stops answering anything (a hung modem), or resumes.</summary>
    public void Hang(bool hang = true)
    {
        lock (sync)
        {
            hung = hang;
        }
    }

    /// <summary>Restarts the modem: settings are lost and boot banners are sent.</summary>
    public Task RebootAsync()
    {
        lock (sync)
        {
            echo = true;
            cmgf = 0;
            cmee = 0;
            cnmiMt = 0;
            cnmiDs = 0;
            cregMode = 0;
            readMemory = "SM";
            hung = false;
            ResetMessageService();
            ResetRelayLink();
            pinState = !options.SimInserted ? "NOT INSERTED" : options.Pin is null ? "READY" : "SIM PIN";
        }

        return WriteLinesAsync(BootBanners());
    }

    /// <summary>The next <paramref name="count"/> sends fail with +CMS ERROR: <paramref name="code"/>.</summary>
    public void FailNextSends(int code, int count = 1)
    {
        lock (sync)
        {
            for (var i = 0; i < count; i++)
            {
                failNextSends.Enqueue(code);
            }
        }
    }

    /// <summary>Changes the signal; Huawei also reports it with ^RSSI.</summary>
    public Task SetSignalAsync(int newRssi)
    {
        lock (sync)
        {
            rssi = newRssi;
        }

        return IsHuawei ? WriteLinesAsync($"^RSSI:{newRssi}") : Task.CompletedTask;
    }

    /// <summary>Changes the registration and reports it (+CREG) when the host asked for reports.</summary>
    public Task SetRegistrationAsync(int stat)
    {
        int mode;
        lock (sync)
        {
            registration = stat;
            mode = cregMode;
        }

        return mode switch
        {
            1 => WriteLinesAsync($"+CREG: {stat}"),
            2 => WriteLinesAsync($"+CREG: {stat},\"1A2B\",\"00C3F1\""),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>Switches echo on or off behind the host's back, as a firmware that resets its settings does.</summary>
    public void SetEcho(bool on)
    {
        lock (sync)
        {
            echo = on;
        }
    }

    /// <summary>Writes an arbitrary line, as a modem's firmware might (vendor noise, a stray banner).</summary>
    public Task EmitAsync(string line) => WriteLinesAsync(line);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        network.Detach(this);
        Unplug();
        writeGate.Dispose();
        return ValueTask.CompletedTask;
    }

    private string[] BootBanners() => options.Dialect switch
    {
        SimulatedDialect.Sim800 => ["RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready"],
        SimulatedDialect.QuectelEc25 => ["RDY", "+CFUN: 1", "+CPIN: READY", "+QUSIM: 1", "+QIND: SMS DONE"],
        SimulatedDialect.HuaweiE173 => ["^BOOT:12345678,0,0,0,20", "^RSSI:20"],
        _ => ["RDY"],
    };

    private static int ParseInt(string text) =>
        int.TryParse(text.Trim().Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : -1;

    private Task WriteLinesAsync(params string[] lines)
    {
        var ending = IsHuawei ? "\r\r\n" : "\r\n";
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append("\r\n").Append(line).Append(ending);
        }

        return WriteRawAsync(text.ToString());
    }

    private async Task WriteRawAsync(string text)
    {
        Connection? current;
        lock (sync)
        {
            current = connection;
        }

        if (current is null)
        {
            return;
        }

        var bytes = Encoding.Latin1.GetBytes(text);
        try
        {
            await writeGate.WaitAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (SplitOutput)
            {
                foreach (var b in bytes)
                {
                    await current.Stream.WriteAsync(new[] { b }).ConfigureAwait(false);
                }
            }
            else
            {
                await current.Stream.WriteAsync(bytes).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The host is gone; what it would have read is lost, as on a real unplugged line.
        }
        finally
        {
            writeGate.Release();
        }
    }

    private sealed class StoredSms(byte[] pdu)
    {
        public byte[] Pdu { get; } = pdu;

        public int TpduLength => Pdu.Length - Pdu[0] - 1;

        public bool Unread { get; set; }

        // The simulated network's id for a stored status report, so it knows when the report is gone.
        public string? ReportId { get; init; }
    }

    private sealed class Connection(Stream stream)
    {
        public Stream Stream { get; } = stream;

        public CancellationTokenSource Cancel { get; } = new();

        public Task? Loop { get; set; }

        public void Close()
        {
            try
            {
                Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already closed.
            }

            Stream.Dispose();
        }
    }
}

/// <summary>One command the simulated modem received and the lines it answered (final result last).</summary>
/// <param name="Sequence">Its place among every command the modem received (0 for the first).</param>
/// <param name="Command">The command as received (a PIN masked).</param>
/// <param name="Reply">Information lines and the final result code, as sent.</param>
public sealed record SimulatedExchange(int Sequence, string Command, IReadOnlyList<string> Reply);
