using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>
/// What the bulk path promises on both engines (prepared INSERTs on SQLite, binary COPY with reserved ids on
/// PostgreSQL): ascending ids in the batch's order, each part under its own message, and a duplicate
/// idempotency key failing the whole batch with a unique violation and nothing of it stored — the group
/// commit then stores its neighbours one by one.
/// </summary>
public sealed class BulkInsertEngineTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Batch_GetsAscendingIds_AndEachPartItsMessage(string engine)
    {
        await using var database = await OutboxDatabase.CreateAsync(engine);
        var messages = new[] { Message("a", 1), Message("b", 3), Message("c", 2) };
        await database.InsertAsync(messages);

        Assert.True(messages[0].Id < messages[1].Id && messages[1].Id < messages[2].Id, string.Join(", ", messages.Select(m => m.Id)));
        await using var scope = database.Scope();
        var stored = await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.AsNoTracking().Include(m => m.Parts).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(["a", "b", "c"], stored.Select(m => m.Text));
        foreach (var (written, read) in messages.Zip(stored))
        {
            Assert.Equal(written.Id, read.Id);
            Assert.Equal(written.Parts.Select(p => (p.Id, p.Sequence, p.Pdu)), read.Parts.OrderBy(p => p.Sequence).Select(p => (p.Id, p.Sequence, p.Pdu)));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Batch_WithAStoredIdempotencyKey_FailsWhole_AndStoresNothing(string engine)
    {
        await using var database = await OutboxDatabase.CreateAsync(engine);
        await database.InsertAsync(Message("first", 1, key: "order-1"));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => database.InsertAsync([Message("new", 2, key: "order-2"), Message("again", 1, key: "order-1")]));

        Assert.True(DbErrors.IsUniqueViolation(failure), failure.ToString());
        await using var scope = database.Scope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        Assert.Equal(["first"], await db.Messages.Select(m => m.Text).ToListAsync());
        Assert.Equal(1, await db.Parts.CountAsync());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task GroupCommit_WithARacingKey_StoresTheNeighbours_AndRefusesOnlyTheRepeat(string engine)
    {
        await using var database = await OutboxDatabase.CreateAsync(engine);
        var writer = database.Services.GetRequiredService<OutboxWriter>();
        var messages = Enumerable.Range(0, 20).Select(i => Message($"m{i}", 1, key: i is 5 or 15 ? "same" : $"k{i}")).ToList();

        var outcomes = await Task.WhenAll(messages.Select(async m =>
        {
            try
            {
                await writer.WriteAsync(m, CancellationToken.None);
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }));

        Assert.Single(outcomes, o => o is not null);
        Assert.True(DbErrors.IsUniqueViolation(outcomes.Single(o => o is not null)!));
        await using var scope = database.Scope();
        Assert.Equal(19, await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Messages.CountAsync());
    }

    private static OutboundMessage Message(string text, int parts, string? key = null) => new()
    {
        To = "+393471234567",
        Text = text,
        IdempotencyKey = key,
        PartCount = parts,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Parts = [.. Enumerable.Range(1, parts).Select(s => new OutboundPart { Sequence = s, Pdu = $"00{text}{s}", TpduLength = s })],
    };
}
