using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReEngage.Gateway.Data.Postgres.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SystemId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PasswordHash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AllowedAddresses = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    MaxBinds = table.Column<int>(type: "integer", nullable: false),
                    WindowSize = table.Column<int>(type: "integer", nullable: false),
                    Throughput = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    PasswordChangedAt = table.Column<long>(type: "bigint", nullable: true)
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
