using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>The one-use links to a person's data (<c>/my-data</c>): only their hashes, each with its address, for an hour.</summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261207100000_DataAccessRequests")]
public sealed class DataAccessRequests : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DataAccessRequests",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DataAccessRequests", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_DataAccessRequests_Hash", table: "DataAccessRequests", column: "Hash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "DataAccessRequests");
}
