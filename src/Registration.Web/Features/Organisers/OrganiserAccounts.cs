using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Organisers;

public sealed record AccountResult(bool Succeeded, IReadOnlyList<string> Errors, string? Role = null);

/// <param name="Invited">Added by an Admin and has not set a password yet.</param>
public sealed record OrganiserSummary(string Id, string Email, IReadOnlyList<string> Roles, bool Invited);

/// <summary>Creates organiser accounts, for the command line and the one-time setup page alike, and sends their password links.</summary>
public sealed class OrganiserAccounts(
    UserManager<Organiser> users,
    RoleManager<IdentityRole> roles,
    RegistrationDbContext db,
    PasswordLinks links,
    TimeProvider clock,
    IOptions<RateLimitOptions> limits,
    AttemptLog attempts,
    SignInLockouts lockouts)
{
    /// <summary>The one answer to a wrong email, a wrong token and a used one alike, so a link tells nobody whether an account exists.</summary>
    public const string LinkDoesNotWork = "This link does not work: it may have been used already, or be out of date.";

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

        var organiser = new Organiser { UserName = trimmed, Email = trimmed, EmailConfirmed = true, LockoutEnabled = false };
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
            list.Add(new OrganiserSummary(organiser.Id, organiser.Email ?? organiser.UserName ?? organiser.Id, [.. await users.GetRolesAsync(organiser)], organiser.PasswordHash is null));
        }

        return list;
    }

    /// <summary>
    /// An Admin adds someone without choosing their password: the account starts with none, and an email
    /// brings them a link to set it (<see cref="PasswordLinks.InvitationLifespan"/>, once), queued in the
    /// same transaction that creates the account.
    /// </summary>
    public async Task<AccountResult> InviteAsync(string email, string role)
    {
        if (!Organiser.Roles.Contains(role))
        {
            return new AccountResult(false, [$"Unknown role \"{role}\"."]);
        }

        var trimmed = email.Trim();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var organiser = new Organiser { UserName = trimmed, Email = trimmed, EmailConfirmed = true, LockoutEnabled = false };
        var created = await users.CreateAsync(organiser);
        if (!created.Succeeded)
        {
            return new AccountResult(false, created.Errors.Select(e => e.Description).ToList());
        }

        await users.AddToRoleAsync(organiser, role);
        await QueueInvitationAsync(organiser);
        await transaction.CommitAsync();
        return new AccountResult(true, [], role);
    }

    /// <summary>Emails an invited organiser a fresh link, while they have not set a password.</summary>
    public async Task<AccountResult> ResendInvitationAsync(string id)
    {
        var organiser = await users.FindByIdAsync(id);
        if (organiser is null)
        {
            return new AccountResult(false, ["No such organiser."]);
        }

        if (organiser.PasswordHash is not null)
        {
            return new AccountResult(false, [$"{organiser.Email} has set a password already."]);
        }

        // A new stamp turns off the links sent before, so only the latest invitation works.
        await users.UpdateSecurityStampAsync(organiser);
        await QueueInvitationAsync(organiser);
        return new AccountResult(true, []);
    }

    /// <summary>
    /// Someone asks for a password link for <paramref name="email"/>. If an organiser uses that address
    /// they are emailed a link (<see cref="PasswordLinks.ResetLifespan"/>, once); nobody else is told
    /// anything, and one address is sent at most a few an hour however often it is asked for.
    /// </summary>
    public async Task SendPasswordResetAsync(string email)
    {
        var address = users.NormalizeEmail(email.Trim()) ?? string.Empty;
        if (limits.Value.Enabled && !attempts.TryTake("password-reset:" + address, limits.Value.PasswordResetEmailsPerAddressPerHour, TimeSpan.FromHours(1)))
        {
            return;
        }

        var organiser = await users.FindByEmailAsync(address);
        if (organiser?.Email is null)
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(organiser);
        db.Outbox.Add(OutboxMessage.ToOrganiser(MessageKind.PasswordReset, organiser.Email, clock.GetUtcNow().UtcDateTime, links.Protect(organiser.Email, token)));
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Sets a password from an emailed link: an invitation or a reset link for an account with no password
    /// yet, a reset link for one with a password. Every kind of wrong link gets the same answer.
    /// </summary>
    /// <summary>Whether a password link would work, so its page can say so before anyone types a password; the same answer for an unknown address.</summary>
    public async Task<bool> LinkWorksAsync(string email, string token) =>
        await users.FindByEmailAsync(email.Trim()) is { } organiser && await TokenWorksAsync(organiser, token);

    public async Task<AccountResult> SetPasswordAsync(string email, string token, string password)
    {
        // An account with a password has its reset token checked by ResetPasswordAsync itself; an invited one
        // (no password yet) is checked here, as adding a password checks no token.
        var organiser = await users.FindByEmailAsync(email.Trim());
        if (organiser is null || (organiser.PasswordHash is null && !await TokenWorksAsync(organiser, token)))
        {
            return new AccountResult(false, [LinkDoesNotWork]);
        }

        // Adding or resetting the password changes the security stamp, so the link stops working, and every
        // session signed in with the old password ends.
        var result = organiser.PasswordHash is null
            ? await users.AddPasswordAsync(organiser, password)
            : await users.ResetPasswordAsync(organiser, token, password);
        if (result.Succeeded)
        {
            // Someone paused after wrong guesses who has just proved they own the address can sign in now.
            lockouts.ForgetAddress(organiser.NormalizedEmail ?? string.Empty);
        }

        return result.Succeeded
            ? new AccountResult(true, [])
            : new AccountResult(false, result.Errors.Select(e => e.Code == "InvalidToken" ? LinkDoesNotWork : e.Description).ToList());
    }

    /// <summary>An invited account (no password yet) takes its invitation or a reset link; any other only a reset link.</summary>
    private async Task<bool> TokenWorksAsync(Organiser organiser, string token) =>
        (organiser.PasswordHash is null
            && await users.VerifyUserTokenAsync(organiser, PasswordLinks.InvitationProvider, UserManager<Organiser>.ResetPasswordTokenPurpose, token))
        || await users.VerifyUserTokenAsync(organiser, users.Options.Tokens.PasswordResetTokenProvider, UserManager<Organiser>.ResetPasswordTokenPurpose, token);

    private async Task QueueInvitationAsync(Organiser organiser)
    {
        var token = await users.GenerateUserTokenAsync(organiser, PasswordLinks.InvitationProvider, UserManager<Organiser>.ResetPasswordTokenPurpose);
        db.Outbox.Add(OutboxMessage.ToOrganiser(MessageKind.OrganiserInvitation, organiser.Email!, clock.GetUtcNow().UtcDateTime, links.Protect(organiser.Email!, token)));
        await db.SaveChangesAsync();
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
