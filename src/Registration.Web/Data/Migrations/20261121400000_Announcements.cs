using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Registration.Web.Data.Migrations;

/// <summary>Organisers' messages to attendees travel through the outbox with their own subject and body.</summary>
[DbContext(typeof(RegistrationDbContext))]
[Migration("20261121400000_Announcements")]
public sealed class Announcements : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Subject", table: "OutboxMessages", type: "TEXT", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>(name: "Body", table: "OutboxMessages", type: "TEXT", maxLength: 20000, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Body", table: "OutboxMessages");
        migrationBuilder.DropColumn(name: "Subject", table: "OutboxMessages");
    }
}
