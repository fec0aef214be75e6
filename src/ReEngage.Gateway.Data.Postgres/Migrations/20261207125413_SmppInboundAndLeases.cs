using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReEngage.Gateway.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SmppInboundAndLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LeaseToken",
                table: "smpp_receipts",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeasedUntil",
                table: "smpp_receipts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InboundRoutes",
                table: "smpp_accounts",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "smpp_inbound",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InboundId = table.Column<long>(type: "bigint", nullable: false),
                    SystemId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    From = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    To = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<long>(type: "bigint", nullable: false),
                    LeasedUntil = table.Column<long>(type: "bigint", nullable: true),
                    LeaseToken = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_smpp_inbound", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_smpp_inbound_SystemId_Id",
                table: "smpp_inbound",
                columns: new[] { "SystemId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "smpp_inbound");

            migrationBuilder.DropColumn(
                name: "LeaseToken",
                table: "smpp_receipts");

            migrationBuilder.DropColumn(
                name: "LeasedUntil",
                table: "smpp_receipts");

            migrationBuilder.DropColumn(
                name: "InboundRoutes",
                table: "smpp_accounts");
        }
    }
}
