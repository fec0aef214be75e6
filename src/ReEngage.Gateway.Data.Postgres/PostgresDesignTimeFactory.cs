using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ReEngage.Gateway.Core.Data;

namespace ReEngage.Gateway.Data.Postgres;

/// <summary>
/// For <c>dotnet ef migrations add</c> in this project only. No server is contacted: the connection string is a
/// placeholder, since adding a migration only diffs the model against the snapshot.
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GatewayDbContext>()
            .UseNpgsql("Host=localhost;Database=reengage_design", npgsql => npgsql.MigrationsAssembly(DatabaseSetup.PostgresAssembly))
            .Options);
}
