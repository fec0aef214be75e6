using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// A throw-away PostgreSQL cluster for the test run: initdb into a temporary directory, started on a free
/// loopback port, stopped and deleted when the test process exits. Run as the postgres user when the tests run
/// as root (PostgreSQL refuses root), as in CI. Each test gets a database of its own, cloned from a migrated
/// template so a gateway starts on it without migrating.
/// </summary>
public static class PostgresCluster
{
    private static readonly Lazy<Task<Instance>> Started = new(StartAsync);
    private static int counter;

    /// <summary>Keep PostgreSQL's durability settings (fsync, synchronous commit): benchmarks set it before the first database.</summary>
    public static bool Durable { get; set; }

    /// <summary>Tuned for tests (no fsync): a crash loses the cluster, which is thrown away anyway.</summary>
    public static async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var cluster = await Started.Value.ConfigureAwait(false);
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref counter)}";
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync().ConfigureAwait(false);
        var template = migrated ? await cluster.TemplateAsync().ConfigureAwait(false) : "template0";
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return cluster.ConnectionString(name);
    }

    /// <summary>The directory of the PostgreSQL server programs (Debian: /usr/lib/postgresql/&lt;version&gt;/bin).</summary>
    public static string? BinDirectory()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return debian ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static async Task<Instance> StartAsync()
    {
        var bin = BinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql). The fleet tests need a real server.");
        await ReapAbandonedAsync(bin).ConfigureAwait(false);
        var root = Directory.CreateTempSubdirectory("reengage-pg-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        var data = Path.Combine(root, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root], null).ConfigureAwait(false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"], asRoot).ConfigureAwait(false);
        string[] options =
        [
            $"-p {port}", $"-k {root}", "-c listen_addresses=127.0.0.1", "-c max_connections=1000", "-c shared_buffers=64MB",
            .. Durable ? Array.Empty<string>() : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"],
        ];
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", string.Join(' ', options), "start"], asRoot).ConfigureAwait(false);
        var instance = new Instance(port);

        // The test host is often killed rather than left to exit, so no exit handler is sure to run: a watchdog
        // stops the cluster and deletes its files once this process is gone.
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var stop = asRoot ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        var watchdog = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Backgrounded by the shell, the watchdog is no longer this process's descendant when a test runner kills the tree.
        foreach (var a in (string[])["sh", "-c", $"(while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} -D '{data}' -m immediate stop; rm -rf '{root}') </dev/null >/dev/null 2>&1 &"])
        {
            watchdog.ArgumentList.Add(a);
        }

        Process.Start(watchdog)?.Dispose();
        return instance;
    }

    /// <summary>Clusters left by test runs that were killed before their watchdog could stop them.</summary>
    private static async Task ReapAbandonedAsync(string bin)
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), "reengage-pg-*"))
        {
            var owner = Path.Combine(root, "owner.pid");
            if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner).ConfigureAwait(false), out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(root, "data"), "-m", "immediate", "stop"], Environment.UserName == "root").ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Not running any more.
            }

            // Best effort: another run's exit may still be removing it, and a leftover folder must never stop this
            // run's own cluster from starting.
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for the next run's reaper.
            }
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool? asPostgres)
    {
        var start = asPostgres == true ? new ProcessStartInfo("runuser") : new ProcessStartInfo(program);
        if (asPostgres == true)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output.ConfigureAwait(false)} {await error.ConfigureAwait(false)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Instance(int port)
    {
        private readonly SemaphoreSlim templateLock = new(1, 1);
        private string? template;

        public string ConnectionString(string database) =>
            $"Host=127.0.0.1;Port={port};Username=postgres;Database={database};Maximum Pool Size=40;Timeout=30";

        /// <summary>A database migrated once (by the gateway's own migrations), cloned for each test.</summary>
        public async Task<string> TemplateAsync()
        {
            await templateLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (template is null)
                {
                    const string name = "reengage_template";
                    await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
                    {
                        await connection.OpenAsync().ConfigureAwait(false);
                        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }

                    var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Core.Data.GatewayDbContext>();
                    Core.Data.DatabaseSetup.UsePostgres(options, ConnectionString(name));
                    await using (var db = new Core.Data.GatewayDbContext(options.Options))
                    {
                        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.MigrateAsync(db.Database).ConfigureAwait(false);
                    }

                    // No one may be connected to a template while it is cloned.
                    NpgsqlConnection.ClearAllPools();
                    template = name;
                }

                return template;
            }
            finally
            {
                templateLock.Release();
            }
        }
    }
}
