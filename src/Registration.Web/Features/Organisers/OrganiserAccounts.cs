using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;

namespace Registration.Web.Features.Organisers;

public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, string? Role = null);

public sealed record OrganiserSummary(string Id, string Email, IReadOnlyList<string> Roles, bool LockedOut);

public sealed record Invitation(bool Succeeded, IReadOnlyList<string> Errors, string? Token = null);

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

    public async Task<List<OrganiserSummary>> ListAsync()
    {
        var list = new List<OrganiserSummary>();
        foreach (var organiser in await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync())
        {
            list.Add(new OrganiserSummary(organiser.Id, organiser.Email ?? organiser.UserName ?? organiser.Id, [.. await users.GetRolesAsync(organiser)], await users.IsLockedOutAsync(organiser)));
        }

        return list;
    }

    /// <summary>
    /// An Admin adds someone without choosing their password: the account starts with none, and the
    /// returned token makes a one-time link for them to set it (it stops working once used).
    /// </summary>
    public async Task<Invitation> InviteAsync(string email, string role)
    {
        if (!Organiser.Roles.Contains(role))
        {
            return new Invitation(false, [$"Unknown role \"{role}\"."]);
        }

        var trimmed = email.Trim();
        var organiser = new Organiser { UserName = trimmed, Email = trimmed, EmailConfirmed = true, LockoutEnabled = true };
        var created = await users.CreateAsync(organiser);
        if (!created.Succeeded)
        {
            return new Invitation(false, created.Errors.Select(e => e.Description).ToList());
        }

        await users.AddToRoleAsync(organiser, role);
        return new Invitation(true, [], await users.GeneratePasswordResetTokenAsync(organiser));
    }

    public async Task<AccountResult> SetPasswordAsync(string email, string token, string password)
    {
        var organiser = await users.FindByEmailAsync(email.Trim());
        if (organiser is null)
        {
            return new AccountResult(false, ["This link does not work."]);
        }

        var reset = await users.ResetPasswordAsync(organiser, token, password);
        return reset.Succeeded
            ? new AccountResult(true, [])
            : new AccountResult(false, reset.Errors.Select(e => e.Code == "InvalidToken" ? "This link does not work: it may have been used already." : e.Description).ToList());
    }

    /// <summary>Removes an organiser; the last Admin stays, so someone can always manage the others.</summary>
    public async Task<AccountResult> RemoveAsync(string id)
    {
        var organiser = await users.FindByIdAsync(id);
        if (organiser is null)
        {
            return new AccountResult(false, ["No such organiser."]);
        }

        if (await users.IsInRoleAsync(organiser, Organiser.AdminRole) && (await users.GetUsersInRoleAsync(Organiser.AdminRole)).Count == 1)
        {
            return new AccountResult(false, ["This is the last Admin: make someone else an Admin first."]);
        }

        var deleted = await users.DeleteAsync(organiser);
        return new AccountResult(deleted.Succeeded, deleted.Errors.Select(e => e.Description).ToList());
    }
}
