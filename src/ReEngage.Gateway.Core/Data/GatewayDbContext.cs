using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Security;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core.Data;

/// <summary>The gateway's SQLite database.</summary>
public sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<OutboundMessage> Messages => Set<OutboundMessage>();

    public DbSet<OutboundPart> Parts => Set<OutboundPart>();

    public DbSet<InboundMessage> Inbound => Set<InboundMessage>();

    public DbSet<OptOut> OptOuts => Set<OptOut>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<GatewaySetting> Settings => Set<GatewaySetting>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset stored as text: store UTC ticks instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboundMessage>(m =>
        {
            m.ToTable("messages");
            m.Property(x => x.To).HasMaxLength(32);
            m.Property(x => x.RequestedModem).HasMaxLength(64);
            m.Property(x => x.PreferredModem).HasMaxLength(64);
            m.Property(x => x.Modem).HasMaxLength(64);
            m.Property(x => x.AvoidModem).HasMaxLength(64);
            m.Property(x => x.IdempotencyKey).HasMaxLength(200);
            m.Property(x => x.Source).HasMaxLength(64);
            m.HasIndex(x => x.IdempotencyKey).IsUnique();
            m.HasIndex(x => new { x.Status, x.Priority, x.Id });
            m.HasIndex(x => new { x.To, x.Id });
            m.HasMany(x => x.Parts).WithOne(p => p.Message).HasForeignKey(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
            m.Ignore(x => x.IsFinal);
        });
        modelBuilder.Entity<OutboundPart>(p =>
        {
            p.ToTable("message_parts");
            p.Property(x => x.Modem).HasMaxLength(64);
            p.HasIndex(x => new { x.Modem, x.Reference, x.Status });
            p.HasIndex(x => new { x.Modem, x.SubmittedAt });
        });
        modelBuilder.Entity<InboundMessage>(i =>
        {
            i.ToTable("inbound_messages");
            i.Property(x => x.From).HasMaxLength(32);
            i.Property(x => x.Modem).HasMaxLength(64);
            i.Property(x => x.Keyword).HasMaxLength(16);
            i.HasIndex(x => new { x.From, x.Id });
        });
        modelBuilder.Entity<OptOut>(o =>
        {
            o.ToTable("opt_outs");
            o.HasKey(x => x.Phone);
            o.Property(x => x.Phone).HasMaxLength(32);
            o.Property(x => x.Source).HasMaxLength(64);
        });
        modelBuilder.Entity<ApiKey>(k =>
        {
            k.ToTable("api_keys");
            k.HasIndex(x => x.Hash).IsUnique();
            k.Property(x => x.Name).HasMaxLength(100);
            k.Property(x => x.Prefix).HasMaxLength(16);
        });
        modelBuilder.Entity<GatewaySetting>(s =>
        {
            s.ToTable("settings");
            s.HasKey(x => x.Key);
        });
        modelBuilder.Entity<Webhook>(w =>
        {
            w.ToTable("webhooks");
            w.Ignore(x => x.EventList);
        });
        modelBuilder.Entity<WebhookDelivery>(d =>
        {
            d.ToTable("webhook_deliveries");
            d.HasIndex(x => new { x.State, x.NextAttemptAt });
            d.HasIndex(x => new { x.WebhookId, x.Id });
        });
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
