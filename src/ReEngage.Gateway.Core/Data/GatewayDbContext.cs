using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ReEngage.Gateway.Core.Marketing;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Core.Security;
using ReEngage.Gateway.Core.Webhooks;

namespace ReEngage.Gateway.Core.Data;

/// <summary>The gateway's database: a SQLite file, or a fleet's PostgreSQL.</summary>
public sealed partial class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
    public DbSet<OutboundMessage> Messages => Set<OutboundMessage>();

    public DbSet<OutboundPart> Parts => Set<OutboundPart>();

    public DbSet<EarlyReport> EarlyReports => Set<EarlyReport>();

    public DbSet<InboundMessage> Inbound => Set<InboundMessage>();

    public DbSet<SmppReceipt> SmppReceipts => Set<SmppReceipt>();

    public DbSet<SmppInbound> SmppInbound => Set<SmppInbound>();

    public DbSet<OptOut> OptOuts => Set<OptOut>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SmppAccount> SmppAccounts => Set<SmppAccount>();

    public DbSet<GatewaySetting> Settings => Set<GatewaySetting>();

    public DbSet<DashboardUser> Users => Set<DashboardUser>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<Fleet.GatewayNode> Nodes => Set<Fleet.GatewayNode>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<ContactTag> ContactTags => Set<ContactTag>();

    public DbSet<ContactField> ContactFields => Set<ContactField>();

    public DbSet<ActivityEvent> Events => Set<ActivityEvent>();

    public DbSet<Segment> Segments => Set<Segment>();

    public DbSet<Automation> Automations => Set<Automation>();

    public DbSet<AutomationRun> Runs => Set<AutomationRun>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<MarketingSend> Sends => Set<MarketingSend>();

    public DbSet<ShortLink> Links => Set<ShortLink>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    public DbSet<StepResponse> Responses => Set<StepResponse>();

    public DbSet<ContestDraw> Draws => Set<ContestDraw>();

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
            m.Property(x => x.Reference).HasMaxLength(OutboundMessage.MaxReferenceLength);
            m.Property(x => x.Source).HasMaxLength(64);
            m.Property(x => x.ClaimedBy).HasMaxLength(64);
            m.Property(x => x.RequestHash).HasMaxLength(64);
            m.Property(x => x.Version).IsConcurrencyToken();
            m.HasIndex(x => x.IdempotencyKey).IsUnique();
            m.HasIndex(x => new { x.Status, x.Priority, x.Id });

            // Leases, schedules and retries concern few rows: partial indexes cost a new message nothing (two full
            // ones were a third of a bulk insert's time on SQLite), and an idle worker still finds the next schedule or
            // retry without walking the whole queue. A query's "SendAt <= @now" implies "SendAt IS NOT NULL", so both
            // engines use them.
            m.HasIndex(x => new { x.Status, x.LeaseUntil }).HasFilter("\"LeaseUntil\" IS NOT NULL");
            m.HasIndex(x => new { x.Status, x.SendAt }).HasFilter("\"SendAt\" IS NOT NULL");
            m.HasIndex(x => new { x.Status, x.NextAttemptAt }).HasFilter("\"NextAttemptAt\" IS NOT NULL");
            m.HasIndex(x => new { x.To, x.Id });
            m.HasMany(x => x.Parts).WithOne(p => p.Message).HasForeignKey(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
            m.Ignore(x => x.IsFinal);
            m.Ignore(x => x.AnyPartOut);
        });
        modelBuilder.Entity<OutboundPart>(p =>
        {
            p.ToTable("message_parts");
            p.Property(x => x.Modem).HasMaxLength(64);
            p.HasIndex(x => new { x.Modem, x.Reference, x.Status });
            p.HasIndex(x => new { x.Modem, x.SubmittedAt });
        });
        modelBuilder.Entity<EarlyReport>(r =>
        {
            r.ToTable("early_reports");
            r.Property(x => x.Modem).HasMaxLength(64);
            r.Property(x => x.RecipientTail).HasMaxLength(8);
            r.HasIndex(x => new { x.Modem, x.Reference });
        });
        modelBuilder.Entity<SmppReceipt>(r =>
        {
            r.ToTable("smpp_receipts");
            r.Property(x => x.SystemId).HasMaxLength(16);
            r.Property(x => x.ClientAddress).HasMaxLength(21);
            r.Property(x => x.Recipient).HasMaxLength(32);
            r.Property(x => x.ErrorCode).HasMaxLength(64);
            r.Property(x => x.Excerpt).HasMaxLength(SmppReceipt.ExcerptLength);
            r.Property(x => x.LeaseToken).HasMaxLength(40);
            r.HasIndex(x => new { x.SystemId, x.Id });
        });
        modelBuilder.Entity<SmppInbound>(r =>
        {
            r.ToTable("smpp_inbound");
            r.Property(x => x.SystemId).HasMaxLength(16);
            r.Property(x => x.From).HasMaxLength(32);
            r.Property(x => x.To).HasMaxLength(21);
            r.Property(x => x.LeaseToken).HasMaxLength(40);
            r.HasIndex(x => new { x.SystemId, x.Id });
        });
        modelBuilder.Entity<InboundMessage>(i =>
        {
            i.ToTable("inbound_messages");
            i.Property(x => x.From).HasMaxLength(32);
            i.Property(x => x.Modem).HasMaxLength(64);
            i.Property(x => x.Keyword).HasMaxLength(16);
            i.Property(x => x.Fingerprint).HasMaxLength(32);
            i.HasIndex(x => new { x.From, x.Id });
            i.HasIndex(x => x.Fingerprint);
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
        modelBuilder.Entity<SmppAccount>(a =>
        {
            a.ToTable("smpp_accounts");
            a.Property(x => x.SystemId).HasMaxLength(SmppAccount.MaxSystemIdLength + 1);
            a.Property(x => x.PasswordHash).HasMaxLength(200);
            a.Property(x => x.AllowedAddresses).HasMaxLength(2000);
            a.Property(x => x.InboundRoutes).HasMaxLength(2000);
            a.HasIndex(x => x.SystemId).IsUnique();
        });
        modelBuilder.Entity<DashboardUser>(u =>
        {
            u.ToTable("dashboard_users");
            u.Property(x => x.UserName).HasMaxLength(64);
            u.Property(x => x.SecurityStamp).HasMaxLength(64);
            u.HasIndex(x => x.UserName).IsUnique();
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
            w.Ignore(x => x.Enabled);
        });
        modelBuilder.Entity<WebhookDelivery>(d =>
        {
            d.ToTable("webhook_deliveries");
            d.HasIndex(x => new { x.State, x.NextAttemptAt });
            d.HasIndex(x => new { x.WebhookId, x.Id });
            d.HasIndex(x => new { x.WebhookId, x.OrderingKey, x.Id });
            d.Ignore(x => x.WebhookMessageId);
        });
        modelBuilder.Entity<Fleet.GatewayNode>(n =>
        {
            n.ToTable("nodes");
            n.HasKey(x => x.Name);
            n.Property(x => x.Name).HasMaxLength(64);
            n.Property(x => x.Url).HasMaxLength(200);
            n.Property(x => x.Version).HasMaxLength(64);
        });
        OnMarketingCreating(modelBuilder);
        OnKeywordOptOutsCreating(modelBuilder);
    }

    private static void OnMarketingCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Contact>(c =>
        {
            c.ToTable("contacts");
            c.Property(x => x.Phone).HasMaxLength(32);
            c.Property(x => x.ExternalId).HasMaxLength(100);
            c.Property(x => x.FirstName).HasMaxLength(100);
            c.Property(x => x.LastName).HasMaxLength(100);
            c.Property(x => x.Language).HasMaxLength(35);
            c.Property(x => x.TimeZone).HasMaxLength(64);
            c.Property(x => x.ConsentSource).HasMaxLength(200);
            c.HasIndex(x => x.Phone).IsUnique();
            c.HasIndex(x => x.ExternalId).IsUnique();
            c.HasIndex(x => x.Status);
            c.HasMany(x => x.Tags).WithOne().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
            c.HasMany(x => x.Attributes).WithOne().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ContactTag>(t =>
        {
            t.ToTable("contact_tags");
            t.HasKey(x => new { x.ContactId, x.Tag });
            t.Property(x => x.Tag).HasMaxLength(64);
            t.HasIndex(x => new { x.Tag, x.ContactId });
        });
        modelBuilder.Entity<ContactField>(a =>
        {
            a.ToTable("contact_attributes");
            a.HasKey(x => new { x.ContactId, x.Name });
            a.Property(x => x.Name).HasMaxLength(64);
            a.Property(x => x.Value).HasMaxLength(500);
            a.HasIndex(x => new { x.Name, x.Value });
        });
        modelBuilder.Entity<ActivityEvent>(e =>
        {
            e.ToTable("activity_events");

            // Ten million rows: a small integer beats the enum's name in every row and index entry.
            e.Property(x => x.Type).HasConversion<int>();
            e.Property(x => x.Source).HasMaxLength(16);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.HasIndex(x => new { x.ContactId, x.Type, x.At });
            e.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Segment>(s =>
        {
            s.ToTable("segments");
            s.Property(x => x.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Automation>(a =>
        {
            a.ToTable("automations");
            a.Property(x => x.Name).HasMaxLength(200);
            a.HasOne<Segment>().WithMany().HasForeignKey(x => x.SegmentId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<AutomationRun>(r =>
        {
            r.ToTable("automation_runs");
            r.HasIndex(x => new { x.AutomationId, x.ContactId }).IsUnique().HasFilter("\"Status\" = 'Active'");
            r.HasIndex(x => new { x.Status, x.NextAt });
            r.HasIndex(x => x.ContactId);
            r.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
            r.HasOne<Automation>().WithMany().HasForeignKey(x => x.AutomationId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Campaign>(c =>
        {
            c.ToTable("campaigns");
            c.Property(x => x.Name).HasMaxLength(200);
            c.HasIndex(x => new { x.Status, x.ScheduledAt });
            c.HasOne<Segment>().WithMany().HasForeignKey(x => x.SegmentId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<MarketingSend>(s =>
        {
            s.ToTable("marketing_sends");
            s.Property(x => x.SkipReason).HasMaxLength(32);
            s.Property(x => x.LinkCode).HasMaxLength(16);
            s.Property(x => x.CouponCode).HasMaxLength(64);
            s.HasIndex(x => new { x.ContactId, x.At });
            s.HasIndex(x => new { x.AutomationId, x.Step });
            s.HasIndex(x => new { x.CampaignId, x.Step });
            s.HasIndex(x => x.MessageId);
            s.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ShortLink>(l =>
        {
            l.ToTable("short_links");
            l.HasKey(x => x.Code);
            l.Property(x => x.Code).HasMaxLength(16);
            l.Property(x => x.CouponCode).HasMaxLength(64);
            l.HasIndex(x => x.ContactId);
            l.HasIndex(x => new { x.AutomationId, x.Step });
            l.HasIndex(x => new { x.CampaignId, x.Step });
            l.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<Coupon>(c =>
        {
            c.ToTable("coupons");
            c.HasKey(x => x.Code);
            c.Property(x => x.Code).HasMaxLength(64);
            c.Property(x => x.Pool).HasMaxLength(64);
            c.HasIndex(x => new { x.Pool, x.ContactId });
            c.HasIndex(x => x.ContactId);
            c.HasIndex(x => new { x.AutomationId, x.Step });
            c.HasIndex(x => new { x.CampaignId, x.Step });
            c.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.SetNull);
        });
        modelBuilder.Entity<StepResponse>(r =>
        {
            r.ToTable("step_responses");
            r.Property(x => x.Kind).HasMaxLength(16);
            r.HasIndex(x => x.ContactId);
            r.HasIndex(x => new { x.AutomationId, x.Step });
            r.HasIndex(x => new { x.CampaignId, x.Step });
            r.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ContestDraw>(d =>
        {
            d.ToTable("contest_draws");
            d.HasIndex(x => new { x.AutomationId, x.Step });
            d.HasIndex(x => new { x.CampaignId, x.Step });
        });
    }

    /// <summary>Instants are stored as UTC ticks: SQLite compares and orders them as integers.</summary>
    internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
