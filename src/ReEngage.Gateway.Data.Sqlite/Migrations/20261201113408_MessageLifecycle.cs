using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MessageLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "messages",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "early_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Modem = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reference = table.Column<int>(type: "INTEGER", nullable: false),
                    RecipientTail = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DischargeTime = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_early_reports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_messages_Status_LeaseUntil",
                table: "messages",
                columns: new[] { "Status", "LeaseUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_early_reports_Modem_Reference",
                table: "early_reports",
                columns: new[] { "Modem", "Reference" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "early_reports");

            migrationBuilder.DropIndex(
                name: "IX_messages_Status_LeaseUntil",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "messages");
        }
    }
}
