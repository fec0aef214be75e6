using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Modems;
using ReEngage.Gateway.Core.Phones;
using ReEngage.Gateway.Core.Time;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the gateway's domain: options, database, outbox, modems, dispatcher, webhooks.</summary>
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<DispatcherOptions>();

        services.AddSingleton<SimulationClock>();
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SimulationClock>());
        services.AddSingleton<SimulationClockStore>();
        services.AddHostedService(sp => sp.GetRequiredService<SimulationClockStore>());
        services.AddSingleton<GatewayEventBus>();
        services.TryAddSingleton<IGatewayMetrics, NoGatewayMetrics>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<SendingRules>();
        services.AddSingleton<BusinessSettings>();
        services.AddSingleton<KeywordRules>();
        services.AddSingleton<SqlitePragmas>();
        services.AddSingleton(sp => new SqliteWriteGate { Enabled = !sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Database.IsPostgres });
        services.AddSingleton<DomainEventInterceptor>();
        services.AddSingleton<Transactions>();
        services.AddSingleton<OutboxWriter>();

        // Pooled: the dispatcher's workers and the webhook sender each open a context every half second
        // while idle; building options and a context afresh each time was most of an idle gateway's
        // allocation (and so of its GC work and memory).
        services.AddSingleton(sp => DatabaseSetup.Engine(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Database));
        services.AddDbContextPool<GatewayDbContext>((sp, db) =>
            DatabaseSetup.Configure(db, sp.GetRequiredService<IOptions<GatewayOptions>>().Value, sp));

        services.AddScoped<PhoneNumberNormalizer>();
        services.AddScoped<OutboxService>();
        services.AddScoped<MessageQueries>();
        services.AddScoped<DeliveryReportProcessor>();
        services.AddScoped<InboundProcessor>();

        services.AddSingleton<ModemRegistry>();
        services.AddSingleton<Fleet.FleetDirectory>();
        services.AddSingleton<Fleet.FleetSecret>();
        services.AddSingleton<Fleet.FleetLeadership>();
        services.AddHostedService(sp => sp.GetRequiredService<Fleet.FleetLeadership>());
        services.AddSingleton<Fleet.NodeHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<Fleet.NodeHeartbeat>());
        services.AddHostedService<Fleet.PostgresBackplane>();

        services.AddSingleton<IModemDirectory>(sp => sp.GetRequiredService<ModemRegistry>());
        services.AddHostedService<ModemEventPump>();
        services.AddHostedService<SuspensionProber>();
        services.AddSingleton<LeaseRecovery>();
        services.AddSingleton<MessageExpiry>();
        services.AddSingleton<MessageClaimer>();
        services.AddSingleton<MessageTransmitter>();
        services.AddHostedService<Housekeeper>();
        services.AddSingleton<Dispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<Dispatcher>());
        // No client timeout: WebhookPoster cuts each request off after Gateway:Webhooks:Timeout on the gateway's clock.
        services.AddHttpClient(WebhookPoster.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<WebhookPoster>();
        services.AddSingleton<DeliveryClaims>();
        services.AddSingleton<ReceiverQueues>();
        services.AddHostedService<WebhookSender>();
        services.AddSingleton<ReportOverdueSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportOverdueSweeper>());

        services.AddScoped<ActivityRecorder>();
        services.AddScoped<ContactService>();
        services.AddScoped<ContactTimeline>();
        services.AddScoped<ContactConversation>();
        services.AddScoped<SegmentService>();
        services.AddScoped<MarketingSender>();
        services.AddScoped<MarketingReports>();
        services.AddScoped<AutomationRunner>();
        services.AddScoped<AutomationService>();
        services.AddScoped<MeasurementService>();
        services.AddScoped<StepResponseService>();
        services.AddScoped<CampaignService>();
        services.AddScoped<LinkService>();
        services.AddScoped<CouponService>();
        services.AddScoped<CsvImport>();
        services.AddScoped<IInboundObserver, MarketingInbound>();
        services.AddScoped<IConsentChanges, ContactConsent>();
        services.AddScoped<KeywordOptOuts>();
        services.AddSingleton<MarketingScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<MarketingScheduler>());
        return services;
    }

    /// <summary>The database file: gateway.db in the data directory.</summary>
    public static string DatabasePath(GatewayOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Path.GetFullPath(Path.Combine(settings.DataDirectory, "gateway.db"));
    }

    /// <summary>Creates the data directory and applies migrations (run at start, before the hosted services).</summary>
    public static async Task MigrateGatewayDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var settings = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        Directory.CreateDirectory(Path.GetFullPath(settings.DataDirectory));
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        if (settings.Database.IsPostgres)
        {
            // Nodes starting together: one migrates while the others wait on the lock, then find nothing to do.
            await using var migrationLock = await FleetLock.AcquireAsync(settings.Database.ConnectionString!, FleetLock.Migrations, cancellationToken).ConfigureAwait(false);
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (await MigrationsPendingAsync(db, cancellationToken).ConfigureAwait(false))
        {
            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
        await services.GetRequiredService<SendingRules>().LoadAsync(db, cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<BusinessSettings>().LoadAsync(db, cancellationToken).ConfigureAwait(false);
        await services.GetRequiredService<SimulationClockStore>().LoadAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the database lacks any of the assembly's migrations. Read with one plain query: EF's own
    /// check (GetPendingMigrations, or MigrateAsync on an up-to-date database) builds the history table's
    /// model and diffs the snapshot against the model, and the code that loads stays resident for the
    /// process's life — about 8 MB of an idle appliance's memory, spent on every restart for nothing.
    /// </summary>
    internal static async Task<bool> MigrationsPendingAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                return known.Count > 0;
            }

            command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }

        return known.Exists(id => !applied.Contains(id));
    }
}
