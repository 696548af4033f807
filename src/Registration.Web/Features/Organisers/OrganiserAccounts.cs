using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;

namespace Registration.Web.Features.Organisers;

public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, string? Role = null);

/// <summary>Creates organiser accounts, for the command line and the one-time setup page alike.</summary>
public sealed class OrganiserAccounts(UserManager<Organiser> users, RoleManager<IdentityRole> roles, RegistrationDbContext db)
{
    public Task<bool> AnyAsync(CancellationToken cancellationToken = default) => db.Users.AnyAsync(cancellationToken);

    /// <summary>The first organiser is always an Admin, so that someone can manage the others.</summary>
    public async Task<AccountResult> CreateAsync(string email, string password, string role = Organiser.OrganiserRole)
    {
        foreach (var name in Organiser.Roles)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new IdentityRole(name));
            }
        }

        var trimmed = email.Trim();
        var effectiveRole = await AnyAsync() ? role : Organiser.AdminRole;
        if (!Organiser.Roles.Contains(effectiveRole))
        {
            return new AccountResult(false, [$"Unknown role \"{role}\": use {string.Join(" or ", Organiser.Roles)}."]);
        }

        var organiser = new Organiser { UserName = trimmed, Email = trimmed, EmailConfirmed = true, LockoutEnabled = true };
        var created = await users.CreateAsync(organiser, password);
        if (!created.Succeeded)
        {
            return new AccountResult(false, created.Errors.Select(e => e.Description).ToList());
        }

        await users.AddToRoleAsync(organiser, effectiveRole);
        return new AccountResult(true, [], effectiveRole);
    }
}
