using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;

namespace ReEngage.Gateway.Tests;

/// <summary>The real gateway (real SQLite file, real dispatcher) with two fast simulated modems.</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string Key = "test-key-0123456789abcdef";

    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    public GatewayFactory(Dictionary<string, string?>? extra = null, string? dataDirectory = null, Action<IServiceCollection>? services = null, bool onPostgres = false)
    {
        this.services = services;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("reengage-gw-").FullName;
        KeepData = dataDirectory is not null;
        settings = new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = DataDirectory,
            ["Gateway:Api:BootstrapKey"] = Key,
            ["Gateway:Simulation:Modems"] = "2",
            ["Gateway:Simulation:SendDelay"] = "00:00:00.020",
            ["Gateway:Simulation:StatusReportDelay"] = "00:00:00.100",
            ["Gateway:Simulation:PerMinute"] = "10000",
            ["Gateway:DefaultRegion"] = "IT",
            // Quiet hours are on by default (21:00–09:00); the tests run at any hour, so they are off here and the
            // tests about them turn them on with a fixed clock.
            ["Gateway:QuietHours:Start"] = string.Empty,
            ["Gateway:QuietHours:End"] = string.Empty,
            // HTTPS on a port of its own: test hosts that run on Kestrel at once never race for 5443.
            ["Gateway:Https:Port"] = GatewayProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var engineChosen = extra?.ContainsKey("Gateway:Database:Provider") == true;
        if (onPostgres || (TestEngine.IsPostgres && !engineChosen))
        {
            // A database in the run's throw-away PostgreSQL cluster (tests/Shared/PostgresCluster.cs), one per
            // data directory: a test that restarts the gateway on its data directory finds its data again.
            settings["Gateway:Database:Provider"] = "Postgres";
            settings["Gateway:Database:ConnectionString"] = Databases.GetOrAdd(DataDirectory, _ => Fleet.PostgresCluster.CreateDatabaseAsync().GetAwaiter().GetResult());
        }

        foreach (var (key, value) in extra ?? [])
        {
            if (value is null)
            {
                // Null: no value from the factory, so the gateway's own default (or appsettings.json) applies.
                settings.Remove(key);
                continue;
            }

            settings[key] = value;
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Databases = new(StringComparer.Ordinal);

    public string DataDirectory { get; }

    /// <summary>Leave the data directory behind on dispose (a restart test reopens it).</summary>
    public bool KeepData { get; set; }

    public ModemRegistry Modems => Services.GetRequiredService<ModemRegistry>();

    public HttpClient Api()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Configure<DispatcherOptions>(o =>
        {
            o.MaxJitter = TimeSpan.Zero;
            o.IdlePoll = TimeSpan.FromMilliseconds(50);
            o.RetryDelays = [TimeSpan.FromMilliseconds(100)];
            o.BusyRetryDelay = TimeSpan.FromMilliseconds(100);
            o.StickyWait = TimeSpan.FromSeconds(10);
            o.HousekeepingInterval = TimeSpan.FromMilliseconds(100);
        }));
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    private bool kestrel;

    /// <summary>Serve over TCP on a free port (Kestrel) instead of the in-memory test server; before the host starts.</summary>
    public void OnKestrel()
    {
        kestrel = true;
        UseKestrel(0);
    }

    public async Task WaitForModemsAsync()
    {
        if (kestrel)
        {
            StartServer(); // Server is the in-memory test server's; on Kestrel the host starts here
        }
        else
        {
            _ = Server; // starts the host
        }

        for (var i = 0; i < 200 && Modems.Handles.Any(h => !h.CanSend); i++)
        {
            await Task.Delay(50);
        }

        Assert.All(Modems.Handles, h => Assert.True(h.CanSend, h.Name));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && settings.TryGetValue("Gateway:Database:ConnectionString", out var database) && database is not null
            && settings.GetValueOrDefault("Gateway:Database:Provider") == "Postgres")
        {
            // Each test's database has its own pool, whose idle connections would otherwise stay open for
            // minutes after the test: a suite on PostgreSQL would run out of the server's connections.
            using var pooled = new Npgsql.NpgsqlConnection(Core.Data.DatabaseSetup.Tuned(database));
            Npgsql.NpgsqlConnection.ClearPool(pooled);
        }

        if (disposing && !KeepData)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the WAL for a moment; a temp folder left behind is harmless.
            }
        }
    }
}

internal static class ApiExtensions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<long> SendAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/messages", body);
        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, json.ToString());
        return json.GetProperty("id").GetInt64();
    }

    public static async Task<JsonElement> WaitForStatusAsync(this HttpClient client, long id, params string[] statuses)
    {
        JsonElement message = default;
        for (var i = 0; i < 300; i++)
        {
            message = await (await client.GetAsync($"/api/v1/messages/{id}")).JsonAsync();
            if (statuses.Contains(message.GetProperty("status").GetString()))
            {
                return message;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"message {id} never reached {string.Join('/', statuses)}: {message}");
        return message;
    }
}
