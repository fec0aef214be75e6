using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PartialLeaseAndScheduleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_Status_LeaseUntil",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "IX_messages_Status_SendAt",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_messages_Status_LeaseUntil",
                table: "messages",
                columns: new[] { "Status", "LeaseUntil" },
                filter: "\"LeaseUntil\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_messages_Status_SendAt",
                table: "messages",
                columns: new[] { "Status", "SendAt" },
                filter: "\"SendAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_Status_LeaseUntil",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "IX_messages_Status_SendAt",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "IX_messages_Status_LeaseUntil",
                table: "messages",
                columns: new[] { "Status", "LeaseUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_messages_Status_SendAt",
                table: "messages",
                columns: new[] { "Status", "SendAt" });
        }
    }
}
