using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ReEngage.Gateway.Cli.Doctor;
using ReEngage.Gateway.Modem.At;
using ReEngage.Gateway.Modem.Simulation;
using ReEngage.Gateway.Sms;

namespace ReEngage.Gateway.Cli.Tests;

/// <summary>
/// <c>reengage doctor</c> against simulated modems on pseudo-terminals (the real serial path) in each failure
/// state, a port held by another process, missing and damaged databases, and the machine checks with
/// their commands replaced; its JSON and exit codes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DoctorTests : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reengage-doctor-").FullName;
    private readonly List<IAsyncDisposable> modems = [];
    private readonly List<PseudoTerminal> ptys = [];

    public DoctorTests() => Directory.CreateDirectory(Path.Combine(folder, "dev", "serial", "by-id"));

    private string DevRoot => Path.Combine(folder, "dev");

    public async ValueTask DisposeAsync()
    {
        foreach (var modem in modems)
        {
            await modem.DisposeAsync();
        }

        ptys.ForEach(p => p.Dispose());
        Directory.Delete(folder, recursive: true);
    }

    private (SimulatedModem Modem, PseudoTerminal Pty) Plug(SimulatedModemOptions options, bool serve = true, string name = "usb-Quectel_EC25-if02-port0")
    {
        var modem = new SimulatedModem(options, new SimulatedNetwork(new SimulatedNetworkOptions { StatusReportDelay = TimeSpan.FromMilliseconds(20) }));
        var pty = PseudoTerminal.Open(Path.Combine(DevRoot, "serial", "by-id", name));
        modems.Add(modem);
        ptys.Add(pty);
        if (serve)
        {
            _ = modem.Serve(pty.Master);
        }

        return (modem, pty);
    }

    private async Task<(int Exit, JsonObject Json, string Error)> DoctorAsync(params string[] extra)
    {
        var (exit, output, error) = await CliRunner.Run(["doctor", "--json", "--dev-root", DevRoot, "--settings", Path.Combine(folder, "none.json"), "--timeout", "10", .. extra]);
        return (exit, (JsonObject)JsonNode.Parse(output)!, error);
    }

    private static JsonObject Find(JsonObject json, string check) =>
        json["findings"]!.AsArray().Select(f => f!.AsObject()).FirstOrDefault(f => (string?)f["check"] == check)
        ?? throw new Xunit.Sdk.XunitException($"no '{check}' finding in {json}");

    private static string Verdict(JsonObject json, string check) => (string)Find(json, check)["verdict"]!;

    [Fact]
    public async Task HealthyModem_EveryModemCheckOk_ExitZero()
    {
        Plug(new SimulatedModemOptions { Dialect = SimulatedDialect.QuectelEc25 });
        var (exit, json, error) = await DoctorAsync("--only", "modems,access,holders,at");
        Assert.True(exit == 0, json.ToJsonString() + error);
        Assert.Equal("ok", (string)json["verdict"]!);
        Assert.Equal(0, (int)json["exitCode"]!);
        Assert.Contains("1 found", (string)Find(json, "modems")["detail"]!, StringComparison.Ordinal);
        Assert.Equal("ready", (string)Find(json, "sim")["detail"]!);
        Assert.Equal("+393359609600", (string)Find(json, "smsc")["detail"]!);
        Assert.Contains("registered (home), operator ReEngage Sim", (string)Find(json, "network")["detail"]!, StringComparison.Ordinal);
        Assert.Equal("-73 dBm (+CSQ 20)", (string)Find(json, "signal")["detail"]!);
        Assert.Equal("SM 0/30", (string)Find(json, "storage")["detail"]!);
        Assert.Contains("no status report stranded", (string)Find(json, "reports")["detail"]!, StringComparison.Ordinal);
        Assert.All(json["findings"]!.AsArray(), f => Assert.Null(f!["fix"]));
    }

    [Fact]
    public async Task SimAskingForItsPin_IsAFailure_WithTheSettingToFix()
    {
        Plug(new SimulatedModemOptions { Pin = "1234" });
        var (exit, json, _) = await DoctorAsync("--only", "at");
        Assert.Equal(2, exit);
        Assert.Equal("failure", Verdict(json, "sim"));
        Assert.Contains("PIN", (string)Find(json, "sim")["detail"]!, StringComparison.Ordinal);
        Assert.Contains("Gateway:Modems:<n>:Pin", (string)Find(json, "sim")["fix"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(json["findings"]!.AsArray(), f => (string?)f!["check"] == "smsc"); // nothing more to ask a locked SIM
    }

    [Fact]
    public async Task NoSmsc_IsAFailure()
    {
        Plug(new SimulatedModemOptions { ServiceCentre = string.Empty });
        var (exit, json, _) = await DoctorAsync("--only", "at");
        Assert.Equal(2, exit);
        Assert.Equal("failure", Verdict(json, "smsc"));
        Assert.Contains("AT+CSCA", (string)Find(json, "smsc")["fix"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "failure", "not searching")]
    [InlineData(2, "warning", "searching")]
    [InlineData(3, "failure", "denied")]
    [InlineData(5, "ok", "roaming")]
    public async Task Registration_EachStateHasItsVerdict(int stat, string verdict, string detail)
    {
        Plug(new SimulatedModemOptions { Registration = stat });
        var (exit, json, _) = await DoctorAsync("--only", "at");
        Assert.Equal(verdict, Verdict(json, "network"));
        Assert.Contains(detail, (string)Find(json, "network")["detail"]!, StringComparison.Ordinal);
        Assert.Equal(verdict switch { "ok" => 0, "warning" => 1, _ => 2 }, exit);
    }

    [Fact]
    public async Task StorageAlmostFull_IsAWarning_AndFullIsAFailure()
    {
        var (modem, _) = Plug(new SimulatedModemOptions { StorageCapacity = 10 });
        for (var i = 0; i < 9; i++)
        {
            modem.StoreInbound("+393471234567", $"old message {i}", reference: i + 1);
        }

        var (exit, json, _) = await DoctorAsync("--only", "at");
        Assert.Equal(1, exit);
        Assert.Equal("warning", Verdict(json, "storage"));
        Assert.Equal("SM 9/10: almost full", (string)Find(json, "storage")["detail"]!);

        modem.StoreInbound("+393471234567", "the last one", reference: 99);
        (exit, json, _) = await DoctorAsync("--only", "at");
        Assert.Equal(2, exit);
        Assert.Contains("full, new SMS are refused", (string)Find(json, "storage")["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusReportsStrandedInSr_AreAWarning_AndTheReadMemoryIsPutBack()
    {
        var (modem, pty) = Plug(new SimulatedModemOptions { Dialect = SimulatedDialect.QuectelEc25 }, serve: false);

        // Something sent with a status report asked for and went away: the report lands in "SR" (ds=0).
        var message = SmsSubmitEncoder.Encode("+393471234567", "order shipped", new SmsSubmitOptions { StatusReport = true });
        await using (var channel = new AtChannel(modem.ConnectInMemory()))
        {
            await channel.ExecuteAsync("AT+CMGF=0");
            await channel.ExecuteWithPromptAsync($"AT+CMGS={message.Parts[0].TpduLength}", message.Parts[0].Pdu, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (modem.StoredReportCount == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }

        Assert.Equal(1, modem.StoredReportCount);
        _ = modem.Serve(pty.Master);
        var (exit, json, _) = await DoctorAsync("--only", "at");
        Assert.Equal(1, exit);
        Assert.Equal("warning", Verdict(json, "reports"));
        Assert.Contains("1 status report(s) stranded in SR", (string)Find(json, "reports")["detail"]!, StringComparison.Ordinal);
        Assert.Equal(1, modem.StoredReportCount); // doctor reads, never deletes

        // The memory reads go to is "SM" again afterwards (the gateway's inbox reads rely on it).
        await using var check = new AtChannel(modem.ConnectInMemory());
        Assert.StartsWith("\"SM\"", (await check.ExecuteAsync("AT+CPMS?")).Value("+CPMS:")!.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortHeldByAnotherProcess_NamesIt_AndSkipsTheAtChecks()
    {
        var (_, pty) = Plug(new SimulatedModemOptions());
        // The child would inherit this test host's pseudo-terminal descriptors (openpty does not set
        // close-on-exec), master included, and look like the simulator's own end: it closes them first.
        using var holder = Process.Start(new ProcessStartInfo("bash", ["-c", $"for fd in $(ls /proc/$$/fd); do [ $fd -gt 2 ] && eval \"exec $fd>&-\" 2>/dev/null; done; exec sleep 60 < {pty.SlavePath}"]))!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.Exists($"/proc/{holder.Id}/fd/0") || new FileInfo($"/proc/{holder.Id}/fd/0").LinkTarget != pty.SlavePath)
            {
                Assert.True(DateTime.UtcNow < deadline, "the holder did not open the port");
                await Task.Delay(20);
            }

            var (exit, json, _) = await DoctorAsync("--only", "modems,holders,at");
            Assert.Equal(2, exit);
            var finding = Find(json, "holders");
            Assert.Equal("failure", (string)finding["verdict"]!);
            Assert.Contains($"sleep (pid {holder.Id})", (string)finding["detail"]!, StringComparison.Ordinal);
            Assert.Contains($"sudo kill {holder.Id}", (string)finding["fix"]!, StringComparison.Ordinal);
            Assert.DoesNotContain(json["findings"]!.AsArray(), f => (string?)f!["check"] == "sim");
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync();
        }
    }

    [Fact]
    public void KnownSmsDaemons_GetTheirOwnFix()
    {
        Assert.Contains("systemctl disable --now ModemManager", PortHolderCheck.FixFor("ModemManager", 612), StringComparison.Ordinal);
        Assert.Contains("systemctl disable --now gammu-smsd", PortHolderCheck.FixFor("gammu-smsd", 700), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortWithoutPermission_IsAFailure_ThatSaysWhichGroup()
    {
        var (_, pty) = Plug(new SimulatedModemOptions());
        File.SetUnixFileMode(pty.SlavePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        var context = new DoctorContext { DevRoot = DevRoot, ServiceUser = "no-such-user-here" };
        var findings = await DoctorCommand.RunAsync(context, [new ModemsFoundCheck(), new PortAccessCheck { Caller = (1000, new HashSet<int> { 1000 }) }], CancellationToken.None);
        var access = Assert.Single(findings, f => f.Check == "access");
        Assert.Equal(Cli.Doctor.Verdict.Failure, access.Verdict);
        Assert.Contains("you cannot read and write it", access.Detail, StringComparison.Ordinal);
        Assert.Contains("sudo adduser $USER", access.Fix, StringComparison.Ordinal);
        Assert.Contains(pty.LinkPath!, context.Unreachable);
        Assert.True(PortAccessCheck.CanReadWrite(1000, new HashSet<int> { 20 }, 0, 20, 0b110_110_000)); // dialout member, 0660
        Assert.False(PortAccessCheck.CanReadWrite(1000, new HashSet<int> { 1000 }, 0, 20, 0b110_110_000));
    }

    [Fact]
    public async Task MissingDataDirectory_IsAFailure()
    {
        var (exit, json, _) = await DoctorAsync("--only", "database", "--data", Path.Combine(folder, "no-such-dir"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", (string)Find(json, "database")["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SoundDatabase_IsOk_AndACorruptedOne_IsAFailure()
    {
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var file = Path.Combine(data, "gateway.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE messages (id INTEGER PRIMARY KEY, text TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO messages (text) SELECT printf('message %d with some text to fill pages', i) FROM n;";
            command.ExecuteNonQuery();
        }

        var (exit, json, _) = await DoctorAsync("--only", "database", "--data", data);
        Assert.Equal(0, exit);
        Assert.StartsWith("quick_check ok", (string)Find(json, "database")["detail"]!, StringComparison.Ordinal);

        // Scribble over the middle of the file, past the header: SQLite still opens it, quick_check does not pass.
        var bytes = File.ReadAllBytes(file);
        for (var i = 4096 + 100; i < bytes.Length - 4096; i += 7)
        {
            bytes[i] = 0xA5;
        }

        File.WriteAllBytes(file, bytes);
        (exit, json, _) = await DoctorAsync("--only", "database", "--data", data);
        Assert.Equal(2, exit);
        Assert.Equal("failure", Verdict(json, "database"));
        Assert.Contains("reengage restore", (string)Find(json, "database")["fix"]!, StringComparison.Ordinal);

        File.WriteAllText(file, "this is not a database at all, just text that is long enough to look like a file");
        (exit, json, _) = await DoctorAsync("--only", "database", "--data", data);
        Assert.Equal(2, exit);
        Assert.Equal("failure", Verdict(json, "database"));
    }

    [Fact]
    public async Task Clock_BeforeTwentyTwentyFour_IsAFailure_AndWithoutNtp_AWarning()
    {
        var runner = Commands(("timedatectl", 0, "no\n"));
        var findings = await DoctorCommand.RunAsync(new DoctorContext { Time = new FixedTime(new DateTimeOffset(1970, 1, 1, 0, 2, 0, TimeSpan.Zero)), Run = runner }, [new ClockCheck()], CancellationToken.None);
        Assert.Equal(Cli.Doctor.Verdict.Failure, Assert.Single(findings).Verdict);
        findings = await DoctorCommand.RunAsync(new DoctorContext { Time = new FixedTime(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero)), Run = runner }, [new ClockCheck()], CancellationToken.None);
        Assert.Equal(Cli.Doctor.Verdict.Warning, Assert.Single(findings).Verdict);
        Assert.Contains("timedatectl set-ntp true", findings[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceStopped_IsAFailure_AndNoSystemctl_IsNoVerdict()
    {
        var findings = await DoctorCommand.RunAsync(new DoctorContext { Run = Commands(("systemctl", 3, "failed\n")) }, [new ServiceCheck()], CancellationToken.None);
        Assert.Equal(Cli.Doctor.Verdict.Failure, findings[0].Verdict);
        Assert.Contains("journalctl -u reengage-gateway", findings[0].Fix, StringComparison.Ordinal);
        findings = await DoctorCommand.RunAsync(new DoctorContext { Run = Commands() }, [new ServiceCheck()], CancellationToken.None);
        Assert.Equal(Cli.Doctor.Verdict.Ok, findings[0].Verdict);
    }

    [Fact]
    public async Task KernelReportsStorageErrors_IsAWarning()
    {
        var dmesg = "[ 12.0] usb 1-1: new high-speed USB device\n[ 4051.2] I/O error, dev mmcblk0, sector 1234567 op 0x1:(WRITE)\n";
        var findings = await DoctorCommand.RunAsync(new DoctorContext { Run = Commands(("dmesg", 0, dmesg)) }, [new DiskErrorsCheck()], CancellationToken.None);
        Assert.Equal(Cli.Doctor.Verdict.Warning, findings[0].Verdict);
        Assert.Contains("mmcblk0", findings[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NothingListening_IsAFailure()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (exit, json, _) = await DoctorAsync("--only", "health", "--url", $"http://127.0.0.1:{port}");
        Assert.Equal(2, exit);
        Assert.Contains("--url", (string)Find(json, "health")["fix"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HumanOutput_IsAligned_WithTheFixUnderEachProblem_AndASummary()
    {
        Plug(new SimulatedModemOptions { ServiceCentre = string.Empty });
        var (exit, output, _) = await CliRunner.Run("doctor", "--dev-root", DevRoot, "--settings", Path.Combine(folder, "none.json"), "--only", "modems,at", "--timeout", "10");
        Assert.Equal(2, exit);
        var lines = output.Split('\n');
        var smsc = Array.FindIndex(lines, l => l.StartsWith("FAILURE  smsc", StringComparison.Ordinal));
        Assert.True(smsc >= 0, output);
        var column = lines[smsc].IndexOf("not set", StringComparison.Ordinal);
        Assert.Equal(column, lines[smsc + 1].IndexOf("fix: ", StringComparison.Ordinal));
        Assert.Equal(column, lines.First(l => l.StartsWith("ok       sim", StringComparison.Ordinal)).IndexOf("ready", StringComparison.Ordinal));
        Assert.Contains("1 failure(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCheck_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.Run("doctor", "--only", "tea");
        Assert.Equal(1, exit);
        Assert.Contains("no check called 'tea'", error, StringComparison.Ordinal);
    }

    private static Func<string, IReadOnlyList<string>, CancellationToken, Task<CommandResult>> Commands(params (string File, int Exit, string Output)[] known) =>
        (file, _, _) => Task.FromResult(known.FirstOrDefault(k => k.File == file) is { File: not null } k ? new CommandResult(k.Exit, k.Output) : new CommandResult(null, string.Empty));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
