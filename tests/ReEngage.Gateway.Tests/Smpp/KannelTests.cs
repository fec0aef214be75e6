using System.Diagnostics;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Smpp;
using Xunit.Abstractions;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>
/// Debian's Kannel (bearerbox + smsbox, processes written by others) with the README's smsc group pointing at the
/// real gateway: a message sent through smsbox's sendsms HTTP interface is stored once, and its DLR reaches the
/// dlr-url; an inbound SMS routed to the account reaches smsbox's sms-service as an MO, short or long (message_payload).
/// Without Kannel the test passes as skipped, unless REENGAGE_REQUIRE_TOOLS=1 (CI, whose .ci/run installs it).
/// </summary>
public sealed class KannelTests(KannelTests.Gateway gateway, ITestOutputHelper output) : IClassFixture<KannelTests.Gateway>
{
    [Fact]
    public async Task Sendsms_through_bearerbox_is_stored_once_its_dlr_reaches_the_dlr_url_and_inbound_sms_reach_the_sms_service()
    {
        var bearerbox = Tool("bearerbox");
        var smsbox = Tool("smsbox");
        if (bearerbox is null || smsbox is null)
        {
            // .ci/run installs Debian's kannel: in CI a missing Kannel is a failure, not a pass.
            Assert.False(Environment.GetEnvironmentVariable("REENGAGE_REQUIRE_TOOLS") == "1", "Kannel is not installed: apt-get install kannel");
            return;
        }

        var folder = Directory.CreateTempSubdirectory("reengage-kannel-").FullName;
        int admin = GatewayProcess.FreePort(), boxes = GatewayProcess.FreePort(), sendsms = GatewayProcess.FreePort();
        var config = Path.Combine(folder, "kannel.conf");
        await using var dlrs = await DlrReceiver.StartAsync();
        await File.WriteAllTextAsync(config, Config(folder, admin, boxes, sendsms, gateway.Port, dlrs.Url));
        using var bearer = Start(bearerbox, config, Path.Combine(folder, "bearerbox.out"));
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await UntilAsync(async () => (await Try(() => http.GetStringAsync($"http://127.0.0.1:{admin}/status.txt?password=adm")))?.Contains("online", StringComparison.Ordinal) == true, "the smsc group to bind", folder);
            using var box = Start(smsbox, config, Path.Combine(folder, "smsbox.out"));
            try
            {
                var dlrUrl = $"{dlrs.Url}?type=%d&reply=%A";
                var send = $"http://127.0.0.1:{sendsms}/cgi-bin/sendsms?username=tester&password=foobar&to=393471234599&from=SHOP&text={Uri.EscapeDataString("Hello from Kannel")}&dlr-mask=3&dlr-url={Uri.EscapeDataString(dlrUrl)}";
                HttpResponseMessage? answer = null;
                await UntilAsync(async () => (answer = await Try(() => http.GetAsync(send))) is not null, "smsbox's sendsms port", folder);
                var body = await answer!.Content.ReadAsStringAsync();
                Assert.True(answer.IsSuccessStatusCode, $"sendsms answered {(int)answer.StatusCode}: {body}");

                var dlr = await dlrs.NextAsync(TimeSpan.FromSeconds(60));
                output.WriteLine($"Kannel: sendsms answered '{body.Trim()}', DLR {dlr}");
                Assert.Contains("type=1", dlr, StringComparison.Ordinal);

                await using var scope = gateway.Factory.Services.CreateAsyncScope();
                var stored = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.AsNoTracking().Where(m => m.Text == "Hello from Kannel").ToListAsync();
                var message = Assert.Single(stored);
                Assert.Equal("+393471234599", message.To);
                Assert.StartsWith("smpp:shop:", message.Source, StringComparison.Ordinal);

                // Mobile originated: the account's route takes sim-1's SMS; bearerbox hands each to smsbox's sms-service.
                using var api = gateway.Factory.Api();
                var longText = string.Concat(Enumerable.Repeat("A long reply that Kannel must read from message_payload. ", 4)).Trim();
                foreach (var text in new[] { "Ciao da un cliente", longText })
                {
                    var injected = await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { modem = "sim-1", from = "+393471110077", text });
                    Assert.Equal(System.Net.HttpStatusCode.Accepted, injected.StatusCode);
                    var mo = System.Web.HttpUtility.ParseQueryString(await dlrs.NextAsync(TimeSpan.FromSeconds(60)));
                    output.WriteLine($"Kannel MO: from {mo["from"]} to {mo["to"]} coding {mo["coding"]}");
                    Assert.Equal("1", mo["mo"]);
                    Assert.Equal(text, mo["text"]);
                    Assert.Contains("393471110077", mo["from"], StringComparison.Ordinal);
                    Assert.Contains("393330000009", mo["to"], StringComparison.Ordinal);
                }
            }
            finally
            {
                Stop(box);
            }
        }
        finally
        {
            Stop(bearer);
            output.WriteLine(await TailAsync(Path.Combine(folder, "bearerbox.log")));
        }
    }

    /// <summary>The README's smsc group (host and port made the test's), and the core, smsbox and sendsms user around it.</summary>
    private static string Config(string folder, int admin, int boxes, int sendsms, int smppPort, string moUrl) => $"""
        group = core
        admin-port = {admin}
        admin-password = adm
        smsbox-port = {boxes}
        box-allow-ip = 127.0.0.1
        log-file = "{folder}/bearerbox.log"
        log-level = 0
        dlr-storage = internal

        group = smsc
        smsc = smpp
        smsc-id = reengage
        host = 127.0.0.1
        port = {smppPort}
        transceiver-mode = true
        smsc-username = shop
        smsc-password = secret
        system-type = ""
        source-addr-ton = 5
        source-addr-npi = 0
        dest-addr-ton = 1
        dest-addr-npi = 1
        enquire-link-interval = 30
        max-pending-submits = 10
        msg-id-type = 0x00

        group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = {boxes}
        sendsms-port = {sendsms}
        log-file = "{folder}/smsbox.log"
        log-level = 0

        group = sendsms-user
        username = tester
        password = foobar

        group = sms-service
        keyword = default
        get-url = "{moUrl}?mo=1&from=%p&to=%P&coding=%c&text=%b"
        max-messages = 0
        """;

    private static string? Tool(string name) => new[] { "/usr/sbin", "/usr/bin", "/usr/local/sbin" }.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);

    private static Process Start(string tool, string config, string outputFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"exec \"$0\" \"$1\" > \"$2\" 2>&1", tool, config, outputFile } };
        return Process.Start(start)!;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    private static async Task<T?> Try<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> ready, string what, string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await ready())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Kannel: waited 60 s for {what}.\n{await TailAsync(Path.Combine(folder, "bearerbox.out"))}\n{await TailAsync(Path.Combine(folder, "bearerbox.log"))}");
            await Task.Delay(250);
        }
    }

    private static async Task<string> TailAsync(string file) =>
        File.Exists(file) ? string.Join('\n', (await File.ReadAllLinesAsync(file)).TakeLast(30)) : $"({file} missing)";

    /// <summary>The gateway with the account of the README's smsc group.</summary>
    public sealed class Gateway : IAsyncLifetime
    {
        public GatewayFactory Factory { get; } = new(new()
        {
            ["Gateway:Smpp:Enabled"] = "true",
            ["Gateway:Smpp:Port"] = "0",
            ["Gateway:Smpp:Accounts:0:SystemId"] = "shop",
            ["Gateway:Smpp:Accounts:0:Password"] = "secret",
            ["Gateway:Smpp:Accounts:0:Throughput"] = "0",
            ["Gateway:Smpp:Accounts:0:InboundRoutes:0"] = "sim-1=+393330000009",
        });

        public int Port => Factory.Services.GetRequiredService<SmppServer>().Port!.Value;

        public async Task InitializeAsync() => await Factory.WaitForModemsAsync();

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>Kannel's dlr-url and sms-service get-url target: GET requests on a loopback port, their query strings recorded.</summary>
    private sealed class DlrReceiver : IAsyncDisposable
    {
        private readonly Channel<string> received = Channel.CreateUnbounded<string>();
        private WebApplication app = null!;

        public string Url { get; private set; } = "";

        public static async Task<DlrReceiver> StartAsync()
        {
            var receiver = new DlrReceiver();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            receiver.app = builder.Build();
            receiver.app.MapGet("/dlr", async (HttpRequest request) =>
            {
                await receiver.received.Writer.WriteAsync(request.QueryString.Value ?? "");
                return Results.Ok();
            });
            await receiver.app.StartAsync();
            receiver.Url = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/dlr";
            return receiver;
        }

        public async Task<string> NextAsync(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            return await received.Reader.ReadAsync(timeout.Token);
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
