using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Data.Postgres.CompiledModel;

namespace ReEngage.Gateway.Data.Postgres;

/// <summary>A fleet's shared engine: a list of ids is a <c>jsonb</c> array unnested, the larger of two values is <c>GREATEST</c>, new messages go by binary COPY.</summary>
public sealed class PostgresEngine : DatabaseEngine
{
    private const string Ids = """SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(@ids AS jsonb))""";

    public override IModel Model => GatewayDbContextModel.Instance;

    public override ActivityStatements Activity { get; } = new()
    {
        RecomputeLastAt = $"""
            UPDATE contacts SET
              "LastPurchaseAt"   = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 0),
              "LastVisitAt"      = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 1),
              "LastEmailOpenAt"  = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 2),
              "LastEmailClickAt" = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 3),
              "LastLinkClickAt"  = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 4),
              "LastPromoUsedAt"  = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 5),
              "LastLoyaltyAt"    = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 6),
              "LastSmsReplyAt"   = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 7),
              "LastActivityAt"   = (SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id"),
              "LastEngagedAt"    = NULLIF(GREATEST(COALESCE("LastEngagedAt", 0),
                                      COALESCE((SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" <> 2), 0)), 0)
            WHERE "Id" IN ({Ids})
            """,
        EngageRuns = $"""
            UPDATE automation_runs SET "EngagedAt" = (SELECT c."LastEngagedAt" FROM contacts c WHERE c."Id" = automation_runs."ContactId")
            WHERE "Status" = 'Active' AND "EngagedAt" IS NULL AND "ContactId" IN ({Ids})
              AND EXISTS (SELECT 1 FROM contacts c WHERE c."Id" = automation_runs."ContactId" AND c."LastEngagedAt" > automation_runs."EnrolledAt")
            """,
        Purchases = $"""
            SELECT "ContactId", "At" FROM activity_events WHERE "Type" = 0 AND "ContactId" IN ({Ids})
            """,
        LandingOpen = """
            UPDATE contacts SET "LastEngagedAt" = GREATEST(COALESCE("LastEngagedAt", 0), @at) WHERE "Id" = @contact
            """,
    };

    /// <summary>New messages by binary COPY (<see cref="MessageCopy"/>): three round trips per batch instead of two per message.</summary>
    public override Task InsertMessagesAsync(GatewayDbContext db, DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return MessageCopy.InsertAsync(db.Model, (NpgsqlConnection)connection, messages, cancellationToken);
    }
}
