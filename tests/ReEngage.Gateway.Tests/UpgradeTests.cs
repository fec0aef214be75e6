using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Tests;

/// <summary>An upgrade runs the new migrations on start and keeps what the previous version stored.</summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task DatabaseOfTheFirstSchema_IsUpgradedOnStart_WithItsDataKept()
    {
        var data = Directory.CreateTempSubdirectory("reengage-upgrade-").FullName;
        var path = Path.Combine(data, "gateway.db");

        // The database as the first release left it: its schema, a message and an opt-out.
        await using (var old = new GatewayDbContext(Sqlite(path)))
        {
            await old.GetService<IMigrator>().MigrateAsync("20261122220636_InitialSchema");
            await old.Database.ExecuteSqlRawAsync(
                "INSERT INTO messages (\"To\", \"Text\", \"Status\", \"Priority\", \"Encoding\", \"PartCount\", \"StatusReport\", \"CreatedAt\", \"Attempts\", \"NeedsAttention\") " +
                "VALUES ('+393471234567', 'from the old version', 'Delivered', 'Normal', 'Gsm7', 1, 1, 638000000000000000, 1, 0)");
            await old.Database.ExecuteSqlRawAsync("INSERT INTO opt_outs (\"Phone\", \"At\", \"Source\") VALUES ('+393479999999', 638000000000000000, 'sms:STOP')");
        }

        // An appliance's file, whatever engine the suite runs on.
        await using var factory = new GatewayFactory(new() { ["Gateway:DataDirectory"] = data, ["Gateway:Database:Provider"] = "Sqlite" });
        await factory.WaitForModemsAsync();
        var client = factory.Api();
        var list = await (await client.GetAsync("/api/v1/messages")).JsonAsync();
        Assert.Equal("from the old version", list.GetProperty("items")[0].GetProperty("text").GetString());
        Assert.Equal("delivered", list.GetProperty("items")[0].GetProperty("status").GetString());

        await using var check = new GatewayDbContext(Sqlite(path));
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.True(await check.OptOuts.AnyAsync(o => o.Phone == "+393479999999"));
    }

    private static DbContextOptions<GatewayDbContext> Sqlite(string path)
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        DatabaseSetup.UseSqlite(options, $"Data Source={path}");
        return options.Options;
    }
}
