using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests.Fleet;

/// <summary>
/// reengage db migrate-to-postgres: a single appliance's data moves into an empty fleet database whole — checked
/// by this test itself, table by table and row by row with plain SQL on both sides, not by the tool's own check.
/// </summary>
public sealed class MigrateToPostgresTests
{
    [Fact]
    public async Task AnAppliancesData_IsCopiedWhole_AndTheFleetCarriesOnFromIt_ButANonEmptyTargetIsRefused()
    {
        var data = Directory.CreateTempSubdirectory("reengage-migrate-").FullName;
        long message;
        long contact;
        string shopKey;
        using (var appliance = MarketingKit.Gateway(data, new() { ["Gateway:Database:Provider"] = "Sqlite" })) // the appliance being moved is on SQLite whatever the suite runs on
        {
            await appliance.WaitForModemsAsync();
            var api = appliance.Api();
            contact = await api.ContactAsync("shop-1", MarketingKit.Phone(1), "Ada", tags: ["vip"], attributes: new { city = "Milano" }, birthday: "1990-05-17");
            await api.ContactAsync("shop-2", MarketingKit.Phone(2), "Bea", tags: ["vip", "newsletter"], attributes: new { city = "Torino", shoe = "38" }, birthday: "1985-12-31");
            await api.EventAsync("shop-1", "purchase", appliance.Now().AddDays(-3), 42.5);
            await api.EventAsync("shop-2", "visit", appliance.Now().AddDays(-1));
            shopKey = (await (await api.PostAsJsonAsync("/api/v1/keys", new { name = "webshop" })).OkJsonAsync(HttpStatusCode.Created)).GetProperty("key").GetString()!;
            message = await api.SendAsync(new { to = "+393471234567", text = "before the move" });
            await api.WaitForStatusAsync(message, "delivered");
            // The reply travels through the simulated modem: wait for its inbound event, not for time.
            await using var events = new LifecycleEvents(appliance.Services.GetRequiredService<Core.GatewayEventBus>());
            await api.PostAsJsonAsync("/api/v1/simulation/inbound", new { from = MarketingKit.Phone(1), text = "STOP" });
            await events.UntilAsync(
                async () => (await (await api.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync()).GetProperty("status").GetString() == "opted_out",
                TimeSpan.FromSeconds(30),
                () => Task.FromResult("the STOP reply did not opt the contact out"));
        }

        var fleetDatabase = await PostgresCluster.CreateDatabaseAsync(migrated: false);
        var progress = new StringWriter();
        var copied = await SqliteToPostgres.CopyAsync(Path.Combine(data, "gateway.db"), fleetDatabase, progress, CancellationToken.None);
        Assert.Contains(copied, t => t.Table == "contacts" && t.Rows == 2);
        Assert.Contains(copied, t => t.Table == "messages" && t.Rows >= 1);
        Assert.Contains(copied, t => t.Table == "api_keys" && t.Rows >= 1);
        Assert.Contains("rows copied and checked", progress.ToString(), StringComparison.Ordinal);

        // Our own comparison: every table of the appliance, row by row, value by value.
        var source = await MigratedRows.FromSqliteAsync(Path.Combine(data, "gateway.db"));
        var moved = await MigratedRows.FromPostgresAsync(fleetDatabase);
        foreach (var table in new[] { "contacts", "contact_tags", "contact_attributes", "activity_events", "api_keys", "messages", "message_parts", "inbound_messages", "opt_outs" })
        {
            Assert.True(source.TryGetValue(table, out var rows) && rows.Count > 0, $"the appliance's {table} is empty: the test would prove nothing about it");
        }

        Assert.Equal(2, source["api_keys"].Count); // the bootstrap key and the shop's own
        MigratedRows.AssertSame(source, moved);

        // A second copy into the now-filled database is refused, and leaves it as it was.
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteToPostgres.CopyAsync(Path.Combine(data, "gateway.db"), fleetDatabase, TextWriter.Null, CancellationToken.None));
        Assert.Contains("not empty", again.Message, StringComparison.Ordinal);

        // A node on the fleet database sees the same contacts, history, opt-out and API key, and new rows get new ids.
        using var node = new GatewayFactory(new()
        {
            ["Gateway:Database:Provider"] = "Postgres",
            ["Gateway:Database:ConnectionString"] = fleetDatabase,
            ["Gateway:Marketing:PublicBaseUrl"] = "https://go.example.com",
        });
        await node.WaitForModemsAsync();
        var fleet = node.Api();
        var ada = await (await fleet.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync();
        Assert.Equal("Ada", ada.GetProperty("firstName").GetString());
        Assert.Equal("opted_out", ada.GetProperty("status").GetString());
        Assert.Equal("1990-05-17", ada.GetProperty("birthday").GetString());

        // The shop's own key (not the bootstrap one) still opens the API on the fleet.
        using var shop = node.CreateClient();
        shop.DefaultRequestHeaders.Add("X-Api-Key", shopKey);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync($"/api/v1/contacts/{contact}")).StatusCode);
        Assert.Equal("delivered", (await (await fleet.GetAsync($"/api/v1/messages/{message}")).JsonAsync()).GetProperty("status").GetString());
        var next = await fleet.SendAsync(new { to = "+393471234568", text = "after the move" });
        Assert.True(next > message);
        Assert.Equal(HttpStatusCode.OK, (await fleet.GetAsync("/api/v1/nodes")).StatusCode);
        Directory.Delete(data, recursive: true);
    }
}

/// <summary>
/// Every row of every table, read with plain SQL and written as text in one form for both engines (SQLite keeps
/// booleans as 0/1 and dates as text, PostgreSQL as bool and date), so the comparison shares nothing with the copy tool.
/// </summary>
internal static class MigratedRows
{
    // The migrations' own bookkeeping (history, SQLite's migration lock) differs by engine; nodes is the appliance's runtime state, which a fleet writes anew.
    private static readonly HashSet<string> NotData = ["__EFMigrationsHistory", "__EFMigrationsLock", "nodes"];

    public static async Task<Dictionary<string, List<string>>> FromSqliteAsync(string file)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        return await RowsAsync(connection, tables.Where(t => !NotData.Contains(t)));
    }

    public static async Task<Dictionary<string, List<string>>> FromPostgresAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        return await RowsAsync(connection, tables.Where(t => !NotData.Contains(t)));
    }

    public static void AssertSame(Dictionary<string, List<string>> source, Dictionary<string, List<string>> moved)
    {
        Assert.Equal(source.Keys.Order(StringComparer.Ordinal), moved.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, rows) in source)
        {
            var missing = rows.Except(moved[table], StringComparer.Ordinal).Take(3).ToList();
            var extra = moved[table].Except(rows, StringComparer.Ordinal).Take(3).ToList();
            Assert.True(rows.Count == moved[table].Count && missing.Count == 0 && extra.Count == 0,
                $"{table}: {rows.Count} rows in the appliance, {moved[table].Count} after the move; not moved as they were: {string.Join(" | ", missing)}; instead: {string.Join(" | ", extra)}");
        }
    }

    /// <summary>Each table's rows as "column=value;…" (columns by name), sorted: a multiset that does not depend on either engine's order.</summary>
    private static async Task<Dictionary<string, List<string>>> RowsAsync(System.Data.Common.DbConnection connection, IEnumerable<string> tables)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                var columns = Enumerable.Range(0, reader.FieldCount).Select(i => (Name: reader.GetName(i), Value: Text(reader.IsDBNull(i) ? null : reader.GetValue(i))));
                rows.Add(string.Join(";", columns.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"{c.Name}={c.Value}")));
            }

            rows.Sort(StringComparer.Ordinal);
            result[table] = rows;
        }

        return result;
    }

    private static string Text(object? value) => value switch
    {
        null => "∅",
        bool b => b ? "1" : "0",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
