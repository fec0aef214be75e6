using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Smpp;

namespace ReEngage.Gateway.Tests.Smpp;

/// <summary>The real gateway (simulated modems) with its SMPP server on a free port and two accounts.</summary>
public sealed class SmppGateway : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new(new()
    {
        ["Gateway:Smpp:Enabled"] = "true",
        ["Gateway:Smpp:Port"] = "0",
        ["Gateway:Smpp:EnquireLinkInterval"] = "00:00:01",
        ["Gateway:Smpp:IdleTimeout"] = "00:00:04",
        ["Gateway:Smpp:ResponseTimeout"] = "00:00:02",
        ["Gateway:Smpp:ConcatenationTimeout"] = "00:00:02",
        ["Gateway:Smpp:Accounts:0:SystemId"] = "shop",
        ["Gateway:Smpp:Accounts:0:Password"] = "secret",
        ["Gateway:Smpp:Accounts:0:MaxBinds"] = "5",
        ["Gateway:Smpp:Accounts:0:Throughput"] = "0",
        ["Gateway:Smpp:Accounts:1:SystemId"] = "tiny",
        ["Gateway:Smpp:Accounts:1:Password"] = "pw",
        ["Gateway:Smpp:Accounts:1:MaxBinds"] = "1",
        ["Gateway:Smpp:Accounts:1:Throughput"] = "2",
        ["Gateway:Smpp:Accounts:1:AllowedAddresses:0"] = "ACME",
        ["Gateway:Smpp:Accounts:2:SystemId"] = "later",
        ["Gateway:Smpp:Accounts:2:Password"] = "pw",
    });

    public int Port => Factory.Services.GetRequiredService<SmppServer>().Port!.Value;

    public async Task InitializeAsync() => await Factory.WaitForModemsAsync();

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
