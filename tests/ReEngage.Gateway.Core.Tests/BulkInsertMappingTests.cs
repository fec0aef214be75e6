using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;

namespace ReEngage.Gateway.Core.Tests;

/// <summary>
/// The bulk path writes what EF would: every property EF maps on a message and its parts is given a value
/// that is not its default, inserted with the bulk statements and read back through EF. A column left out of
/// the bulk insert, or converted differently from EF's mapping, fails here by name — on both engines: SQLite
/// writes with prepared INSERTs, PostgreSQL with binary COPY.
/// </summary>
public sealed class BulkInsertMappingTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 16, 8, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EveryMappedColumn_OfAMessageAndItsParts_RoundTripsThroughEf(string engine)
    {
        await using var database = await OutboxDatabase.CreateAsync(engine);
        IModel model;
        await using (var scope = database.Scope())
        {
            model = scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Model;
        }

        var message = new OutboundMessage { To = "+393471234567", Text = "placeholder", Parts = [new OutboundPart { Pdu = "00", TpduLength = 1 }] };
        Fill(model, message, "message");
        Fill(model, message.Parts[0], "part");
        var id = await database.InsertAsync(message);

        await using (var scope = database.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            var stored = await db.Messages.AsNoTracking().Include(m => m.Parts).SingleAsync(m => m.Id == id);
            AssertSame(model, message, stored);
            AssertSame(model, message.Parts[0], stored.Parts.Single());
        }
    }

    // A distinct, non-default value for each mapped property (keys and foreign keys are the database's).
    private static void Fill<T>(IModel model, T entity, string prefix)
        where T : class
    {
        var type = model.FindEntityType(typeof(T))!;
        var i = 0;
        foreach (var property in type.GetProperties().Where(p => !p.IsKey() && !p.IsForeignKey()))
        {
            i++;
            var clr = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            object value = clr switch
            {
                _ when clr == typeof(string) => $"{prefix}-{property.Name}-{i}",
                _ when clr == typeof(int) => 1000 + i,
                _ when clr == typeof(long) => 100_000L + i,
                _ when clr == typeof(bool) => true,
                _ when clr == typeof(DateTimeOffset) => Start.AddMinutes(i),
                _ when clr.IsEnum => Enum.GetValues(clr).Cast<object>().Last(),
                _ => throw new Xunit.Sdk.XunitException($"{typeof(T).Name}.{property.Name}: no sample value for {clr.Name}; add one here."),
            };
            Set(property, entity, value);
        }
    }

    private static void Set(IProperty property, object entity, object value)
    {
        if (property.PropertyInfo is { } info && info.GetSetMethod(nonPublic: true) is { } setter)
        {
            setter.Invoke(entity, [value]);
        }
        else
        {
            (property.FieldInfo ?? throw new Xunit.Sdk.XunitException($"{property.Name} cannot be set")).SetValue(entity, value);
        }
    }

    private static void AssertSame<T>(IModel model, T written, T read)
        where T : class
    {
        foreach (var property in model.FindEntityType(typeof(T))!.GetProperties().Where(p => !p.IsKey() && !p.IsForeignKey()))
        {
            var getter = property.GetGetter();
            Assert.True(Equals(getter.GetClrValue(written), getter.GetClrValue(read)),
                $"{typeof(T).Name}.{property.Name}: wrote {getter.GetClrValue(written)}, EF read {getter.GetClrValue(read)}");
        }
    }
}
