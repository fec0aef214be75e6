using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ReEngage.Gateway.Core.Data;

/// <summary>For <c>dotnet ef migrations add</c> only: the gateway itself configures the context from options.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GatewayDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
