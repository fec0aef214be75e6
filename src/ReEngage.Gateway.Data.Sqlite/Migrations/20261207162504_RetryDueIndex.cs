using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RetryDueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_messages_Status_NextAttemptAt",
                table: "messages",
                columns: new[] { "Status", "NextAttemptAt" },
                filter: "\"NextAttemptAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_Status_NextAttemptAt",
                table: "messages");
        }
    }
}
