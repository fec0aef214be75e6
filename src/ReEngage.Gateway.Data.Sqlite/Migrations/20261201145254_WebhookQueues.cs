using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WebhookQueues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DisabledAt",
                table: "webhooks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisabledReason",
                table: "webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FailingSince",
                table: "webhooks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousSecret",
                table: "webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreviousSecretUntil",
                table: "webhooks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AttemptsBeforeQueued",
                table: "webhook_deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "webhook_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LeaseUntil",
                table: "webhook_deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrderingKey",
                table: "webhook_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_WebhookId_OrderingKey_Id",
                table: "webhook_deliveries",
                columns: new[] { "WebhookId", "OrderingKey", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_WebhookId_OrderingKey_Id",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "DisabledAt",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "DisabledReason",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "FailingSince",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "PreviousSecret",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "PreviousSecretUntil",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "AttemptsBeforeQueued",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "LeaseUntil",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "OrderingKey",
                table: "webhook_deliveries");
        }
    }
}
