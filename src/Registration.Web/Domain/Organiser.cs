using Microsoft.AspNetCore.Identity;

namespace Registration.Web.Domain;

/// <summary>Someone who runs events: signs in with ASP.NET Core Identity; an Admin also manages organisers.</summary>
public sealed class Organiser : IdentityUser
{
    public const string AdminRole = "Admin";
    public const string OrganiserRole = "Organiser";

    public static IReadOnlyList<string> Roles { get; } = [AdminRole, OrganiserRole];
}
