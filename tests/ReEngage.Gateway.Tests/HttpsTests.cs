using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReEngage.Gateway.Tests;

/// <summary>
/// HTTPS on the LAN, on the real gateway process (Kestrel, free ports, a temp data directory): a real TLS client
/// pins the fingerprint the setup page shows; openssl sees the same certificate; a second start keeps it; the
/// user's certificate replaces it; a bad one stops start-up; the redirect spares /healthz and /metrics; a taken
/// port leaves the dashboard on HTTP.
/// </summary>
public sealed partial class HttpsTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("reengage-https-").FullName;

    [Fact]
    public async Task FirstStart_CreatesACertificate_PinnedByTheSetupPagesFingerprint_AndReusedOnRestart()
    {
        var httpsPort = GatewayProcess.FreePort();
        string fingerprint;
        using (var gateway = await StartAsync(httpsPort))
        {
            fingerprint = await FingerprintOnSetupPageAsync(gateway.Url);
            Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);

            // A client that trusts nothing but that fingerprint gets through, and sees the certificate it expects.
            X509Certificate2? seen = null;
            using (var pinned = Pinned(fingerprint, certificate => seen = certificate))
            {
                var health = await pinned.GetAsync($"https://127.0.0.1:{httpsPort}/healthz");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            Assert.NotNull(seen);
            var names = seen.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Contains("localhost", names.EnumerateDnsNames());
            Assert.Contains(Dns.GetHostName().ToLowerInvariant(), names.EnumerateDnsNames());
            Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
            Assert.Contains(seen.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), o => o.Value == "1.3.6.1.5.5.7.3.1");
            Assert.True(seen.NotAfter > DateTime.Now.AddYears(4));

            // A client that checks certificates the usual way refuses it: it is self-signed.
            using (var strict = new HttpClient())
            {
                await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync($"https://127.0.0.1:{httpsPort}/healthz"));
            }

            // openssl, as a technician would check it, sees the same certificate.
            Assert.Equal(fingerprint, await OpensslFingerprintAsync(httpsPort));

            // The console banner and the API say the same.
            Assert.Contains($"HTTPS: https://127.0.0.1:{httpsPort}/  certificate SHA-256 {fingerprint}", gateway.Output, StringComparison.Ordinal);
            var https = (await SettingsAsync(gateway.Url)).GetProperty("https");
            Assert.Equal(fingerprint, https.GetProperty("fingerprint").GetString());
            Assert.Equal("generated", https.GetProperty("source").GetString());
            Assert.True(https.GetProperty("listening").GetBoolean());
            Assert.Contains("localhost", https.GetProperty("dnsNames").EnumerateArray().Select(n => n.GetString()));
        }

        var key = Path.Combine(data, "https", "key.pem");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        // A second start keeps the certificate: the fingerprint a browser was told to expect does not change.
        using (var again = await StartAsync(httpsPort))
        {
            Assert.Equal(fingerprint, await FingerprintOnSetupPageAsync(again.Url));
            using var pinned = Pinned(fingerprint);
            Assert.Equal(HttpStatusCode.OK, (await pinned.GetAsync($"https://127.0.0.1:{httpsPort}/healthz")).StatusCode);
            Assert.Contains("using the self-signed certificate", again.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UsersPemPair_ReplacesTheGeneratedCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=gateway.shop.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("gateway.shop.example");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var certificatePath = Path.Combine(data, "shop.crt");
        var keyPath = Path.Combine(data, "shop.key");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        var expected = Colons(certificate.GetCertHash(HashAlgorithmName.SHA256));

        var httpsPort = GatewayProcess.FreePort();
        using var gateway = await StartAsync(httpsPort, $"--Gateway:Https:CertificatePath={certificatePath}", $"--Gateway:Https:KeyPath={keyPath}");
        Assert.Equal(expected, await FingerprintOnSetupPageAsync(gateway.Url));
        using var pinned = Pinned(expected);
        Assert.Equal(HttpStatusCode.OK, (await pinned.GetAsync($"https://127.0.0.1:{httpsPort}/healthz")).StatusCode);
        Assert.Equal(expected, await OpensslFingerprintAsync(httpsPort));
        Assert.Equal("provided", (await SettingsAsync(gateway.Url)).GetProperty("https").GetProperty("source").GetString());
        Assert.False(Directory.Exists(Path.Combine(data, "https")), "no certificate of its own is made when the user gives one");
    }

    [Theory]
    [InlineData("wrong-password", "Gateway:Https:CertificatePassword does not open the PFX file")]
    [InlineData("missing-file", "Gateway:Https:CertificatePath: there is no file")]
    [InlineData("key-not-found", "Gateway:Https:KeyPath: there is no file")]
    public async Task UnusableCertificate_StopsStartUp_WithExitCode2_NamingTheSetting(string mistake, string message)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=shop", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(data, "shop.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "right-password"));
        var pem = Path.Combine(data, "shop.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());
        string[] settings = mistake switch
        {
            "wrong-password" => [$"--Gateway:Https:CertificatePath={pfx}", "--Gateway:Https:CertificatePassword=wrong-password"],
            "missing-file" => [$"--Gateway:Https:CertificatePath={Path.Combine(data, "nothing.pfx")}"],
            _ => [$"--Gateway:Https:CertificatePath={pem}", $"--Gateway:Https:KeyPath={Path.Combine(data, "nothing.key")}"],
        };

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = data, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "ReEngage.Gateway.dll"), "--urls", $"http://127.0.0.1:{GatewayProcess.FreePort()}", $"--Gateway:DataDirectory={data}", $"--Gateway:Https:Port={GatewayProcess.FreePort()}" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var error = await stderr;
        Assert.True(process.ExitCode == 2, $"exit code {process.ExitCode}: {error}");
        Assert.Contains("configuration is invalid", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectHttp_SendsHttpToHttps_ButHealthAndMetricsStayOnHttp()
    {
        var httpsPort = GatewayProcess.FreePort();
        using var gateway = await StartAsync(httpsPort, "--Gateway:Https:RedirectHttp=true");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var login = await http.GetAsync($"{gateway.Url}/login?returnUrl=%2Fmodems");
        Assert.True(login.StatusCode is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect, login.StatusCode.ToString());
        Assert.Equal($"https://127.0.0.1:{httpsPort}/login?returnUrl=%2Fmodems", login.Headers.Location?.ToString());

        // An API call is redirected too (307 keeps the method and body): a key never has to cross in clear.
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{gateway.Url}/api/v1/messages") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        var api = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, api.StatusCode);
        Assert.Equal($"https://127.0.0.1:{httpsPort}/api/v1/messages", api.Headers.Location?.ToString());

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{gateway.Url}/healthz")).StatusCode);
        var metrics = await http.GetAsync($"{gateway.Url}/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("reengage_queue_depth", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Over HTTPS the page itself answers (the fingerprint read from the certificate the gateway keeps).
        using var kept = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(data, "https", "certificate.pem")));
        var fingerprint = Colons(kept.GetCertHash(HashAlgorithmName.SHA256));
        using var pinned = Pinned(fingerprint);
        var page = await pinned.GetAsync($"https://127.0.0.1:{httpsPort}/setup");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(fingerprint, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakenHttpsPort_IsAWarning_AndTheDashboardStaysOnHttp()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        // Even with RedirectHttp on: without HTTPS nothing is redirected, or the technician would lose the dashboard.
        using var gateway = await StartAsync(taken, "--Gateway:Https:RedirectHttp=true");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{gateway.Url}/setup")).StatusCode);
        Assert.Contains($"HTTPS is not served: port {taken} on 127.0.0.1 cannot be used", gateway.Output, StringComparison.Ordinal);
        var https = (await SettingsAsync(gateway.Url)).GetProperty("https");
        Assert.False(https.GetProperty("listening").GetBoolean());
        Assert.False(https.GetProperty("redirectHttp").GetBoolean());
        Assert.Contains("cannot be used", https.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsDisabled_ServesHttpOnly_AndMakesNoCertificate()
    {
        var httpsPort = GatewayProcess.FreePort();
        using var gateway = await StartAsync(httpsPort, "--Gateway:Https:Enabled=false");
        Assert.False(Directory.Exists(Path.Combine(data, "https")));
        using var socket = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, httpsPort));
        var https = (await SettingsAsync(gateway.Url)).GetProperty("https");
        Assert.False(https.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, https.GetProperty("fingerprint").ValueKind);
    }

    [Theory]
    [InlineData("valid", false)]
    [InlineData("expired", true)]
    [InlineData("another host", true)]
    [InlineData("damaged", true)]
    public void KeptCertificate_IsReused_UnlessExpiredMadeForAnotherHostOrDamaged(string state, bool regenerated)
    {
        var folder = Path.Combine(data, Hosting.HttpsCertificates.Folder);
        var now = DateTimeOffset.UtcNow;
        var first = Hosting.HttpsCertificates.Resolve(new Core.HttpsOptions(), data, now, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        switch (state)
        {
            case "expired":
                Keep(Hosting.HttpsCertificates.Create(Hosting.HttpsCertificates.HostName(), now.AddYears(-6)));
                break;
            case "another host":
                Keep(Hosting.HttpsCertificates.Create("old-name", now));
                break;
            case "damaged":
                File.WriteAllText(Path.Combine(folder, Hosting.HttpsCertificates.CertificateFile), "-----BEGIN CERTIFICATE-----\nnonsense\n-----END CERTIFICATE-----\n");
                break;
        }

        var second = Hosting.HttpsCertificates.Resolve(new Core.HttpsOptions(), data, now, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        Assert.Equal(regenerated, second.Fingerprint != first.Fingerprint);
        Assert.True(second.Certificate.NotAfter.ToUniversalTime() > now.UtcDateTime.AddYears(4));
        Assert.Contains(Hosting.HttpsCertificates.HostName(), Hosting.HttpsCertificates.DnsNames(second.Certificate));

        void Keep(X509Certificate2 certificate)
        {
            File.WriteAllText(Path.Combine(folder, Hosting.HttpsCertificates.KeyFile), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(Path.Combine(folder, Hosting.HttpsCertificates.CertificateFile), certificate.ExportCertificatePem());
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL for a moment.
        }
    }

    private Task<GatewayProcess> StartAsync(int httpsPort, params string[] settings) =>
        GatewayProcess.StartAsync(data, GatewayProcess.FreePort(), [$"--Gateway:Https:Port={httpsPort}", $"--Gateway:Api:BootstrapKey={GatewayFactory.Key}", .. settings]);

    private static async Task<string> FingerprintOnSetupPageAsync(string url)
    {
        using var http = new HttpClient();
        var html = await http.GetStringAsync($"{url}/setup");
        var match = FingerprintElement().Match(html);
        Assert.True(match.Success, html);
        return match.Groups[1].Value;
    }

    private static async Task<JsonElement> SettingsAsync(string url)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", GatewayFactory.Key);
        return JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/settings")).RootElement.Clone();
    }

    /// <summary>An HttpClient that trusts exactly one certificate: the one with this SHA-256 fingerprint.</summary>
    private static HttpClient Pinned(string fingerprint, Action<X509Certificate2>? seen = null) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
        {
            if (certificate is null)
            {
                return false;
            }

            seen?.Invoke(X509CertificateLoader.LoadCertificate(certificate.RawData));
            return Colons(certificate.GetCertHash(HashAlgorithmName.SHA256)) == fingerprint;
        },
    });

    /// <summary>openssl s_client's handshake, and openssl x509's fingerprint of the certificate it was shown.</summary>
    private static async Task<string> OpensslFingerprintAsync(int port)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"openssl s_client -connect 127.0.0.1:{port} -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        var match = Regex.Match(output, "Fingerprint=([0-9A-F:]+)", RegexOptions.IgnoreCase);
        Assert.True(match.Success, output);
        return match.Groups[1].Value.ToUpperInvariant();
    }

    private static string Colons(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    [GeneratedRegex("id=\"https-fingerprint\"[^>]*>([0-9A-F:]+)<")]
    private static partial Regex FingerprintElement();
}
