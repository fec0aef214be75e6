using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SmppAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "smpp_accounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AllowedAddresses = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    MaxBinds = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowSize = table.Column<int>(type: "INTEGER", nullable: false),
                    Throughput = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PasswordChangedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_smpp_accounts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_smpp_accounts_SystemId",
                table: "smpp_accounts",
                column: "SystemId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "smpp_accounts");
        }
    }
}
