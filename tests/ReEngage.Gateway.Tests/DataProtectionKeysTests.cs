using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace ReEngage.Gateway.Tests;

/// <summary>Dashboard sessions and antiforgery tokens survive a restart: their keys are kept with the data.</summary>
public sealed class DataProtectionKeysTests
{
    [Fact]
    public async Task TheKeyRing_IsInTheDataDirectory_AndAProtectedValueStillOpensAfterARestart()
    {
        var data = Directory.CreateTempSubdirectory("reengage-keys-").FullName;
        string sealedValue;
        await using (var first = new GatewayFactory(dataDirectory: data))
        {
            _ = first.Server;
            sealedValue = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Protect("operator 1");
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml"));

        await using var second = new GatewayFactory(dataDirectory: data);
        _ = second.Server;
        Assert.Equal("operator 1", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Unprotect(sealedValue));

        // Another gateway's data (another appliance) cannot open it.
        await using var other = new GatewayFactory();
        _ = other.Server;
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("session").Unprotect(sealedValue));
        Directory.Delete(data, true);
    }
}
