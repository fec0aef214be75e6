using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

// The smallest services that share the gateway's foundations, measured by the load harness beside it:
//   aspnet  a minimal API answering /healthz;
//   efcore  the same plus EF Core on a SQLite file: one table, a pooled context, one insert endpoint
//           and a worker polling the table every half second, as the gateway's dispatcher does.
// What they hold at idle is a floor no gateway built on these parts can go below.
var builder = WebApplication.CreateBuilder(args); // as the gateway builds its host
var mode = builder.Configuration["floor"] ?? "aspnet";
var data = builder.Configuration["Gateway:DataDirectory"] ?? Path.GetTempPath();
if (mode == "efcore")
{
    Floor.AddDatabase(builder.Services, Path.Combine(data, "floor.db"));
}

var app = builder.Build();
if (mode == "efcore")
{
    Floor.MapDatabase(app);
}
else
{
    app.MapGet("/healthz", () => "ok");
}

app.Run();

internal static class Floor
{
    [MethodImpl(MethodImplOptions.NoInlining)] // so the aspnet mode never loads EF's assemblies
    public static void AddDatabase(IServiceCollection services, string path)
    {
        services.AddDbContextPool<FloorDb>(o => o.UseSqlite($"Data Source={path}"));
        services.AddHostedService<FloorPoller>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MapDatabase(WebApplication app)
    {
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<FloorDb>().Database.EnsureCreated();
        }

        app.MapGet("/healthz", async (FloorDb db) => await db.Messages.CountAsync());
        app.MapPost("/messages", async (FloorDb db, FloorMessage message) =>
        {
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });
    }
}

internal sealed class FloorMessage
{
    public long Id { get; set; }

    public string To { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public string Status { get; set; } = "queued";
}

internal sealed class FloorDb(DbContextOptions<FloorDb> options) : DbContext(options)
{
    public DbSet<FloorMessage> Messages => Set<FloorMessage>();
}

internal sealed class FloorPoller(IServiceScopeFactory scopes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<FloorDb>();
                var next = await db.Messages.Where(m => m.Status == "queued").OrderBy(m => m.Id).FirstOrDefaultAsync(stoppingToken);
                if (next is not null)
                {
                    next.Status = "sent";
                    await db.SaveChangesAsync(stoppingToken);
                }
            }

            await Task.Delay(500, stoppingToken);
        }
    }
}
