using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReEngagementMeasurement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Variant",
                table: "marketing_sends",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastPurchaseTicks",
                table: "contacts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PurchaseCount",
                table: "contacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "PurchaseIntervalTicks",
                table: "contacts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HeldOut",
                table: "automation_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "contest_draws",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AutomationId = table.Column<long>(type: "INTEGER", nullable: true),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: true),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<long>(type: "INTEGER", nullable: false),
                    Entrants = table.Column<int>(type: "INTEGER", nullable: false),
                    WinnersJson = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    EntriesUntil = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contest_draws", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contest_draws_AutomationId_Step",
                table: "contest_draws",
                columns: new[] { "AutomationId", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_contest_draws_CampaignId_Step",
                table: "contest_draws",
                columns: new[] { "CampaignId", "Step" });

            // Holdouts are on by default for new automations and campaigns; those saved before keep
            // messaging everyone, as their owners set them up to.
            migrationBuilder.Sql("UPDATE automations SET \"DefinitionJson\" = json_set(\"DefinitionJson\", '$.holdoutPercent', 0) WHERE json_extract(\"DefinitionJson\", '$.holdoutPercent') IS NULL;");
            migrationBuilder.Sql("UPDATE campaigns SET \"DefinitionJson\" = json_set(\"DefinitionJson\", '$.holdoutPercent', 0) WHERE json_extract(\"DefinitionJson\", '$.holdoutPercent') IS NULL;");

            // Existing contacts' rhythm: the mean interval (SQLite has no median); the median replaces it
            // at the contact's next recorded event.
            migrationBuilder.Sql("""
                UPDATE contacts SET
                  "LastPurchaseTicks" = "LastPurchaseAt",
                  "PurchaseCount" = (SELECT COUNT(DISTINCT "At") FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 0),
                  "PurchaseIntervalTicks" = (SELECT CASE WHEN COUNT(DISTINCT "At") > 1 THEN (MAX("At") - MIN("At")) / (COUNT(DISTINCT "At") - 1) END
                                             FROM activity_events e WHERE e."ContactId" = contacts."Id" AND e."Type" = 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contest_draws");

            migrationBuilder.DropColumn(
                name: "Variant",
                table: "marketing_sends");

            migrationBuilder.DropColumn(
                name: "LastPurchaseTicks",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "PurchaseCount",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "PurchaseIntervalTicks",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "HeldOut",
                table: "automation_runs");
        }
    }
}
