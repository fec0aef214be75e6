using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;
using ReEngage.Gateway.Core.Data;
using ReEngage.Gateway.Core.Messaging;
using ReEngage.Gateway.Data.Sqlite.CompiledModel;

namespace ReEngage.Gateway.Data.Sqlite;

/// <summary>The appliance's embedded engine: a list of ids is <c>json_each(@ids)</c>, the larger of two values is the two-argument <c>MAX</c>.</summary>
public sealed class SqliteEngine : DatabaseEngine
{
    public override IModel Model => GatewayDbContextModel.Instance;

    public override ActivityStatements Activity { get; } = new()
    {
        RecomputeLastAt = """
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
              "LastEngagedAt"    = NULLIF(MAX(COALESCE("LastEngagedAt", 0),
                                      COALESCE((SELECT MAX("At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" <> 2), 0)), 0)
            WHERE "Id" IN (SELECT value FROM json_each(@ids))
            """,
        EngageRuns = """
            UPDATE automation_runs SET "EngagedAt" = (SELECT c."LastEngagedAt" FROM contacts c WHERE c."Id" = automation_runs."ContactId")
            WHERE "Status" = 'Active' AND "EngagedAt" IS NULL AND "ContactId" IN (SELECT value FROM json_each(@ids))
              AND EXISTS (SELECT 1 FROM contacts c WHERE c."Id" = automation_runs."ContactId" AND c."LastEngagedAt" > automation_runs."EnrolledAt")
            """,
        Purchases = """
            SELECT "ContactId", "At" FROM activity_events WHERE "Type" = 0 AND "ContactId" IN (SELECT value FROM json_each(@ids))
            """,
        LandingOpen = """
            UPDATE contacts SET "LastEngagedAt" = MAX(COALESCE("LastEngagedAt", 0), @at) WHERE "Id" = @contact
            """,
    };

    /// <summary>New messages by prepared INSERTs bound by position (<see cref="MappedInsert{T}"/>): one function call per row.</summary>
    public override Task InsertMessagesAsync(GatewayDbContext db, DbConnection connection, DbTransaction transaction, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(messages);
        var sqlite = (SqliteConnection)connection;
        using var insertMessage = MappedInsert<OutboundMessage>.Prepare(db.Model, sqlite);
        using var insertPart = MappedInsert<OutboundPart>.Prepare(db.Model, sqlite);
        foreach (var message in messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            insertMessage.Insert(message);
            foreach (var part in message.Parts)
            {
                part.MessageId = message.Id;
                insertPart.Insert(part);
            }
        }

        return Task.CompletedTask;
    }
}
