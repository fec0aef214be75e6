using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReEngage.Gateway.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class KeywordOptOuts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "keyword_opt_outs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InboundId = table.Column<long>(type: "bigint", nullable: false),
                    Phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ContactId = table.Column<long>(type: "bigint", nullable: true),
                    Keyword = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Typo = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PreviousStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    AlreadyListed = table.Column<bool>(type: "boolean", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    UndoneAt = table.Column<long>(type: "bigint", nullable: true),
                    UndoneBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UndoReason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_keyword_opt_outs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_keyword_opt_outs_ContactId_Id",
                table: "keyword_opt_outs",
                columns: new[] { "ContactId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_keyword_opt_outs_InboundId",
                table: "keyword_opt_outs",
                column: "InboundId");

            migrationBuilder.CreateIndex(
                name: "IX_keyword_opt_outs_Phone_At",
                table: "keyword_opt_outs",
                columns: new[] { "Phone", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "keyword_opt_outs");
        }
    }
}
