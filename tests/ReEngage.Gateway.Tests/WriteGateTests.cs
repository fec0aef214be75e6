using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Tests;

public sealed class WriteGateTests
{
    [Fact]
    public async Task AConcurrencyFailure_ReleasesTheWriteGate_SoLaterWritesDoNotHang()
    {
        using var gateway = new GatewayFactory();
        _ = gateway.Server;
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var optOut = new OptOut { Phone = "+393470000123", At = DateTimeOffset.UtcNow, Source = "test" };
        db.OptOuts.Add(optOut);
        await db.SaveChangesAsync();

        // Someone else deletes the row; this context still holds it and updates it.
        await using (var other = gateway.Services.CreateAsyncScope())
        {
            await other.ServiceProvider.GetRequiredService<GatewayDbContext>().OptOuts.Where(o => o.Phone == optOut.Phone).ExecuteDeleteAsync();
        }

        optOut.Source = "changed";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

        await using var next = gateway.Services.CreateAsyncScope();
        var db2 = next.ServiceProvider.GetRequiredService<GatewayDbContext>();
        db2.OptOuts.Add(new OptOut { Phone = "+393470000124", At = DateTimeOffset.UtcNow, Source = "test" });
        var save = db2.SaveChangesAsync();
        Assert.Same(save, await Task.WhenAny(save, Task.Delay(TimeSpan.FromSeconds(20))));
        await save;
    }
}
