using Microsoft.EntityFrameworkCore;
using ReEngage.Gateway.Core.Marketing;

namespace ReEngage.Gateway.Core.Data;

/// <summary>The opt-outs read from keywords: why a contact left, and the audit of an undone misreading.</summary>
public sealed partial class GatewayDbContext
{
    public DbSet<KeywordOptOut> KeywordOptOuts => Set<KeywordOptOut>();

    private static void OnKeywordOptOutsCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<KeywordOptOut>(k =>
        {
            k.ToTable("keyword_opt_outs");
            k.Property(x => x.Phone).HasMaxLength(32);
            k.Property(x => x.Keyword).HasMaxLength(64);
            k.Property(x => x.Language).HasMaxLength(8);
            k.Property(x => x.Typo).HasMaxLength(32);
            k.Property(x => x.UndoneBy).HasMaxLength(64);
            k.Property(x => x.UndoReason).HasMaxLength(300);

            // The inbound list asks by message, the contact page by contact, the undo by number (a later request).
            k.HasIndex(x => x.InboundId);
            k.HasIndex(x => new { x.ContactId, x.Id });
            k.HasIndex(x => new { x.Phone, x.At });
        });
}
