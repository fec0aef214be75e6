using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FieldHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReportOverdue",
                table: "messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "inbound_messages",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_inbound_messages_Fingerprint",
                table: "inbound_messages",
                column: "Fingerprint");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_inbound_messages_Fingerprint",
                table: "inbound_messages");

            migrationBuilder.DropColumn(
                name: "ReportOverdue",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "inbound_messages");
        }
    }
}
