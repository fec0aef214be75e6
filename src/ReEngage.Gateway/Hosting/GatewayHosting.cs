using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Security;
using Serilog;
using Serilog.Settings.Configuration;

namespace ReEngage.Gateway.Hosting;

/// <summary>Process-level setup: logging, systemd, the default URL, and what happens on (first) start.</summary>
internal static partial class GatewayHosting
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder AddGatewayHosting(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Host.UseSystemd();
        if (Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService())
        {
            // Only under systemd is there a notifier (and a watchdog) to talk to.
            builder.Services.AddHostedService<SystemdWatchdog>();
        }

        builder.Services.AddHostedService<IdleMemoryTrimmer>();

        // The keys that protect dashboard sessions and antiforgery tokens live in the data directory:
        // ASP.NET's default is ~/.aspnet, which the systemd unit hides (ProtectHome), so the keys were
        // in memory only and every restart signed every operator out.
        builder.Services.AddDataProtection().SetApplicationName("ReEngage.Gateway");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<GatewayOptions>, ILoggerFactory>((keys, gateway, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetFullPath(gateway.Value.DataDirectory), "keys")), logs));
        var dataDirectory = builder.Configuration[$"{GatewayOptions.Section}:DataDirectory"] ?? "data";
        builder.Services.AddSerilog((services, logger) => logger
            // The sinks we ship, named: otherwise Serilog scans every assembly in the deps file for
            // configuration methods, at start, with code that then stays loaded.
            .ReadFrom.Configuration(builder.Configuration, new ConfigurationReaderOptions(typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(FileLoggerConfigurationExtensions).Assembly))
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                Path.Combine(Path.GetFullPath(dataDirectory), "logs", "gateway-.log"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: 10 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 14,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)); // bounded: an SD card never fills up with logs
        // The dashboard's files: from the project's wwwroot when run from a build (any environment, not
        // only Development), from the published wwwroot otherwise (no manifest there: this is a no-op).
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue<long?>($"{GatewayOptions.Section}:Api:MaxRequestBytes") ?? 8 * 1024 * 1024;

            // Every https:// address (the ones HttpsStartupFilter adds, or given by hand) is served with the
            // gateway's certificate, resolved by PrepareGatewayAsync before the server binds.
            kestrel.ConfigureHttpsDefaults(https =>
            {
                if (kestrel.ApplicationServices.GetRequiredService<GatewayHttps>().Certificate is { } certificate)
                {
                    https.ServerCertificate = certificate.Certificate;
                }
            });
        });

        // HTTPS beside HTTP: the addresses are added just before Kestrel starts, when the HTTP ones are known
        // (--urls and ASPNETCORE_URLS keep working: nothing is configured as a Kestrel endpoint in code).
        builder.Services.AddSingleton<GatewayHttps>();
        builder.Services.AddTransient<IStartupFilter, HttpsStartupFilter>();
        return builder;
    }

    /// <summary>Migrates the database, creates the bootstrap key, prints the setup code and the dashboard URL.</summary>
    public static async Task PrepareGatewayAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value; // validates (ValidateOnStart)
        await app.Services.MigrateGatewayDatabaseAsync().ConfigureAwait(false);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var time = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("ReEngage.Gateway");

        if (settings.Api.BootstrapKey is { } bootstrap)
        {
            var hash = ApiKey.HashOf(bootstrap);
            if (!await db.ApiKeys.AnyAsync(k => k.Hash == hash).ConfigureAwait(false))
            {
                db.ApiKeys.Add(new ApiKey { Name = "bootstrap", Prefix = bootstrap[..Math.Min(8, bootstrap.Length)], Hash = hash, CreatedAt = time.GetUtcNow() });
                await db.SaveChangesAsync().ConfigureAwait(false);
                LogBootstrapKey(logger);
            }
        }

        string? setupCode = null;
        if (!await db.Settings.AnyAsync(s => s.Key == SetupKeys.Completed).ConfigureAwait(false))
        {
            // The code kept in the data directory stays valid until used: a restart prints the same one. A new one
            // only when there is none, or it no longer matches the hash the database holds (a restored backup).
            var stored = await db.Settings.FirstOrDefaultAsync(s => s.Key == SetupKeys.CodeHash).ConfigureAwait(false);
            var kept = SetupCodeFile.Read(settings.DataDirectory);
            if (kept is not null && stored?.Value == Convert.ToHexString(ApiKey.HashOf(kept)))
            {
                setupCode = kept;
            }
            else
            {
                setupCode = SetupCodeFile.NewCode();
                SetupCodeFile.Write(settings.DataDirectory, setupCode);
                var value = Convert.ToHexString(ApiKey.HashOf(setupCode));
                if (stored is null)
                {
                    db.Settings.Add(new GatewaySetting { Key = SetupKeys.CodeHash, Value = value });
                }
                else
                {
                    stored.Value = value;
                }

                await db.SaveChangesAsync().ConfigureAwait(false);
            }
        }
        else
        {
            SetupCodeFile.Delete(settings.DataDirectory);
        }

        app.Services.GetRequiredService<Dashboard.SetupCode>().Current = setupCode;
        var https = app.Services.GetRequiredService<GatewayHttps>();
        if (settings.Https.Enabled)
        {
            // A certificate the user named that cannot be used stops start-up here (HttpsCertificateException, exit 2).
            https.Certificate = HttpsCertificates.Resolve(settings.Https, settings.DataDirectory, TimeProvider.System.GetUtcNow(), logger); // real time: never the simulation clock
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault() ?? DefaultUrl;
            https.Address = https.Listening ? addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) : null;
            var mode = settings.SimulationActive ? $"{settings.Simulation.Modems} simulated modem(s)" : $"{settings.Modems.Count} modem(s)";
            // Plain console lines as well as the log: this is what a person starting it looks for.
            Console.WriteLine($"ReEngage Gateway is running with {mode}. Dashboard: {url}/  API reference: {url}/scalar");
            if (https.Address is { } secure && https.Certificate is { } certificate)
            {
                Console.WriteLine($"HTTPS: {secure}/  certificate SHA-256 {certificate.Fingerprint}{(settings.Https.RedirectHttp ? "  (HTTP redirects here, except /healthz and /metrics)" : string.Empty)}");
            }
            else if (https.Problem is { } problem)
            {
                Console.WriteLine($"HTTPS is not served: {problem}.");
            }

            Console.WriteLine($"Data: {CoreServiceCollectionExtensions.DatabasePath(settings)}");
            if (setupCode is not null)
            {
                // 0.0.0.0 is where it listens, not an address anyone can open: name the machine and its addresses.
                var open = ReachableAddresses.Of(url, System.Net.Dns.GetHostName(), ReachableAddresses.InterfaceAddresses()).Select(u => $"{u}/setup");
                Console.WriteLine($"First start: open {string.Join(" or ", open)} and enter the one-time setup code {setupCode} to create the admin account (reengage setup-code prints it again).");
            }

            if (Uri.TryCreate(settings.Marketing.PublicBaseUrl, UriKind.Absolute, out var publicBase) && publicBase.IsLoopback)
            {
                Console.WriteLine($"Note: short links in marketing SMS point to {publicBase}; phones cannot open that. Set the address they can reach in the dashboard's Settings (Business).");
            }
        });
    }

    [LoggerMessage(3000, LogLevel.Information, "Bootstrap API key from Gateway:Api:BootstrapKey registered")]
    private static partial void LogBootstrapKey(Microsoft.Extensions.Logging.ILogger logger);
}

/// <summary>Keys of the settings table used by the first-run setup.</summary>
internal static class SetupKeys
{
    public const string CodeHash = "setup.codeHash";
    public const string Completed = "setup.completed";
}
