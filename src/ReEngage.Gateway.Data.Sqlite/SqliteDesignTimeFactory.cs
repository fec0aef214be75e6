using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Data.Sqlite;

/// <summary>
/// For <c>dotnet ef migrations add</c> and <c>dbcontext optimize</c> in this project only: the gateway itself
/// configures the context from its options (<see cref="DatabaseSetup"/>). Built by convention, not from the
/// compiled model, since the compiled model is what <c>optimize</c> writes.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GatewayDbContext>()
            .UseSqlite("Data Source=design-time.db", sqlite => sqlite.MigrationsAssembly(DatabaseSetup.SqliteAssembly))
            .Options);
}
