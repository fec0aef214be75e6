using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReEngage.Gateway.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Measurement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Variant",
                table: "marketing_sends",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HeldOut",
                table: "automation_runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Holdouts are on by default for new automations and campaigns; those saved before keep
            // messaging everyone, as their owners set them up to.
            migrationBuilder.Sql("UPDATE automations SET \"DefinitionJson\" = json_set(\"DefinitionJson\", '$.holdoutPercent', 0) WHERE json_extract(\"DefinitionJson\", '$.holdoutPercent') IS NULL;");
            migrationBuilder.Sql("UPDATE campaigns SET \"DefinitionJson\" = json_set(\"DefinitionJson\", '$.holdoutPercent', 0) WHERE json_extract(\"DefinitionJson\", '$.holdoutPercent') IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Variant",
                table: "marketing_sends");

            migrationBuilder.DropColumn(
                name: "HeldOut",
                table: "automation_runs");
        }
    }
}
