using System.Globalization;
using System.Text.Json.Nodes;
using ReEngage.Gateway.Modem.Simulation;

namespace ReEngage.Gateway.Cli.Tests;

/// <summary>
/// Whole commands run as LANG=it_IT would run them (both cultures Italian), against a simulated modem: their
/// output is Italian and holds none of the English texts Italian translates; --json stays English.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CliItalianTests : IAsyncDisposable
{
    private static readonly IReadOnlyList<string> English = CliResources.EnglishOnlyFragments();

    private readonly string folder = Directory.CreateTempSubdirectory("reengage-italian-").FullName;
    private readonly SimulatedModem modem;
    private readonly PseudoTerminal pty;

    public CliItalianTests()
    {
        modem = new SimulatedModem(new SimulatedModemOptions { Dialect = SimulatedDialect.QuectelEc25, SendDelay = TimeSpan.FromMilliseconds(5) }, new SimulatedNetwork(new SimulatedNetworkOptions()));
        Directory.CreateDirectory(Path.Combine(folder, "dev", "serial", "by-id"));
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        pty = PseudoTerminal.Open(Path.Combine(folder, "dev", "serial", "by-id", "usb-Quectel_EC25-if02-port0"));
        _ = modem.Serve(pty.Master);
    }

    public async ValueTask DisposeAsync()
    {
        await modem.DisposeAsync();
        pty.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private string[] Doctor(params string[] extra) =>
        ["doctor", "--dev-root", Path.Combine(folder, "dev"), "--settings", Path.Combine(folder, "none.json"), "--data", Path.Combine(folder, "data"), "--only", "modems,at,database,disk,clock", "--timeout", "2", .. extra];

    [Fact]
    public void TheEnglishFragments_AreManyEnoughToCatchAnUntranslatedMessage()
    {
        Assert.True(English.Count > 150, $"only {English.Count} English fragments");
        Assert.Contains("no database yet", English);
    }

    [Fact]
    public async Task Doctor_ReportsInItalian_WithNoEnglishText()
    {
        var (exit, output, error) = await InItalian(Doctor());

        Assert.Equal(1, exit); // "no database yet" is a warning, in every language
        Assert.Empty(error);
        Assert.Contains("1 trovati: ", output, StringComparison.Ordinal);
        Assert.Contains("ancora nessun database", output, StringComparison.Ordinal);
        Assert.Contains("soluzione: Avvia il gateway una volta", output, StringComparison.Ordinal);
        Assert.Contains("pronta", output, StringComparison.Ordinal);
        Assert.Contains("registrato (rete di casa), operatore", output, StringComparison.Ordinal);
        Assert.Contains("MB liberi su", output, StringComparison.Ordinal);
        Assert.Contains("UTC", output, StringComparison.Ordinal);
        NoEnglish(output);
    }

    [Fact]
    public async Task DoctorJson_StaysEnglish_UnderAnItalianLang()
    {
        var (exit, output, _, after) = await InItalian(async () =>
        {
            var (exit, output, error) = await CliRunner.Run(Doctor("--json"));
            return (exit, output, error, CultureInfo.CurrentUICulture.Name);
        });

        var json = (JsonObject)JsonNode.Parse(output)!;
        Assert.Equal(1, exit);
        Assert.Equal("warning", (string?)json["verdict"]);
        var database = json["findings"]!.AsArray().Single(f => (string?)f!["check"] == "database")!;
        Assert.Equal("no database yet", (string?)database["detail"]);
        Assert.Equal("Start the gateway once: it creates it (sudo systemctl start reengage-gateway).", (string?)database["fix"]);
        Assert.DoesNotContain("pronta", output, StringComparison.Ordinal);
        Assert.Equal("it-IT", after); // --json's English is the run's own: the caller's culture is untouched
    }

    [Fact]
    public async Task ModemProbe_SmsCount_AndPduEncode_PrintItalian_WithNoEnglishText()
    {
        var probe = await InItalian("modem", "probe", pty.LinkPath!);
        var count = await InItalian("sms", "count", "Ciao “Maria” — è tutto pronto? 😀");
        var encode = await InItalian("pdu", "encode", "--to", "+393471234567", "--text", new string('x', 170));

        Assert.Equal(0, probe.Exit);
        Assert.Contains("registrazione: registrato (rete di casa)", probe.Out, StringComparison.Ordinal);
        Assert.Contains("segnale:       -73 dBm, 4/4 tacche", probe.Out, StringComparison.Ordinal);
        Assert.Contains("SIM:           pronta", probe.Out, StringComparison.Ordinal);
        Assert.Contains("codifica:   ucs2", count.Out, StringComparison.Ordinal);
        Assert.Contains("nell'ultima parte", count.Out, StringComparison.Ordinal);
        Assert.Contains("impongono UCS-2:", count.Out, StringComparison.Ordinal);
        Assert.Contains("# 2 parti, gsm7", encode.Out, StringComparison.Ordinal);
        Assert.Contains("# parte 1/2: AT+CMGS=", encode.Out, StringComparison.Ordinal);
        NoEnglish(probe.Out + count.Out + encode.Out);
    }

    [Fact]
    public async Task Help_DescribesTheOptionsInItalian()
    {
        var (_, output, _) = await InItalian("doctor", "--help");

        Assert.Contains("Controlla i modem, il servizio, il database", output, StringComparison.Ordinal);
        Assert.Contains("Un oggetto JSON (verdict, exitCode, findings) per gli script, sempre in inglese.", output, StringComparison.Ordinal);
        NoEnglish(output);
    }

    [Fact]
    public async Task Errors_AreItalian()
    {
        var (exit, _, error) = await InItalian("backup", Path.Combine(folder, "x.db"), "--data", Path.Combine(folder, "none"));

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("reengage: non c'è alcun database in ", error, StringComparison.Ordinal);
        NoEnglish(error);
    }

    private static void NoEnglish(string output)
    {
        var left = English.Where(f => output.Contains(f, StringComparison.Ordinal)).ToList();
        Assert.True(left.Count == 0, $"English left in the Italian output: {string.Join(" | ", left)}\n{output}");
    }

    // LANG=it_IT.UTF-8 sets both: the words (UI culture) and the numbers (culture).
    private static Task<(int Exit, string Out, string Err)> InItalian(params string[] args) => InItalian(() => CliRunner.Run(args));

    private static async Task<T> InItalian<T>(Func<Task<T>> run)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("it-IT");
        try
        {
            return await run();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }
}
