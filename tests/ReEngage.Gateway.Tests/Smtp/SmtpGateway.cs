using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Smtp;

namespace ReEngage.Gateway.Tests.Smtp;

/// <summary>The real gateway (simulated modems) with email to SMS on a free port for sms.local, HTTPS certificate and all.</summary>
public sealed class SmtpGateway : IAsyncLifetime
{
    public const string Domain = "sms.local";

    public GatewayFactory Factory { get; } = new(new()
    {
        ["Gateway:Smtp:Enabled"] = "true",
        ["Gateway:Smtp:Port"] = "0",
        ["Gateway:Smtp:Domain"] = Domain,
        ["Gateway:Smtp:AllowedSenders:0"] = "@example.com",
        ["Gateway:MaxParts"] = "2",
    });

    public int Port => Listener.Port!.Value;

    internal SmtpListener Listener => Factory.Services.GetRequiredService<SmtpListener>();

    public async Task InitializeAsync() => await Factory.WaitForModemsAsync();

    /// <summary>The stored messages whose ids the 250 reply named ("2.0.0 Stored as SMS message 3, 4").</summary>
    public async Task<List<(long Id, string To, string Text, string? Source)>> StoredAsync(string reply)
    {
        var ids = reply[(reply.IndexOf("message ", StringComparison.Ordinal) + 8)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(i => long.Parse(i, CultureInfo.InvariantCulture)).ToList();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var rows = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).Select(m => new { m.Id, m.To, m.Text, m.Source }).ToListAsync();
        Assert.Equal(ids.Count, rows.Count);
        return [.. rows.Select(r => (r.Id, r.To, r.Text, r.Source))];
    }

    public async Task<int> CountAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.CountAsync();
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
