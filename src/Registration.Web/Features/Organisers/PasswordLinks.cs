using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Registration.Web.Domain;

namespace Registration.Web.Features.Organisers;

/// <summary>
/// Links that let an organiser set a password, sent only by email. Until the email is sent the link waits
/// in its outbox row encrypted with the app's data-protection keys, like a manage link. A reset link works
/// for <see cref="ResetLifespan"/>, an invitation for <see cref="InvitationLifespan"/>; each works once,
/// because setting the password changes the account's security stamp, which both tokens are bound to.
/// </summary>
public sealed class PasswordLinks(IDataProtectionProvider protection)
{
    public static readonly TimeSpan ResetLifespan = TimeSpan.FromHours(1);
    public static readonly TimeSpan InvitationLifespan = TimeSpan.FromDays(7);

    /// <summary>The token provider that signs invitations, apart from resets so each keeps its own lifespan.</summary>
    public const string InvitationProvider = "Invitation";

    private readonly IDataProtector _protector = protection.CreateProtector("Registration.PasswordLink.v1");

    public string Protect(string email, string token) => _protector.Protect(JsonSerializer.Serialize(new Payload(email, token)));

    /// <summary>The set-password page's address for the link carried, encrypted, in <paramref name="protectedPayload"/>.</summary>
    public string SetPasswordPath(string protectedPayload)
    {
        var payload = JsonSerializer.Deserialize<Payload>(_protector.Unprotect(protectedPayload))!;
        return $"organiser/set-password?email={Uri.EscapeDataString(payload.Email)}&token={Uri.EscapeDataString(payload.Token)}";
    }

    private sealed record Payload(string Email, string Token);
}

/// <summary>Signs invitations under its own name and lifespan (<see cref="PasswordLinks.InvitationLifespan"/>).</summary>
public sealed class InvitationTokenProvider(IDataProtectionProvider protection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<Organiser>> logger)
    : DataProtectorTokenProvider<Organiser>(protection, options, logger);

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = PasswordLinks.InvitationProvider;
        TokenLifespan = PasswordLinks.InvitationLifespan;
    }
}

internal static class OrganiserSecurity
{
    /// <summary>Password links, password-reset tokens and the sign-in guard.</summary>
    public static IServiceCollection AddOrganiserSecurity(this IServiceCollection services)
    {
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = PasswordLinks.ResetLifespan);
        services.AddTransient<InvitationTokenProvider>();
        services.Configure<IdentityOptions>(o => o.Tokens.ProviderMap[PasswordLinks.InvitationProvider] = new TokenProviderDescriptor(typeof(InvitationTokenProvider)));
        services.AddSingleton<PasswordLinks>();
        services.AddSingleton<SignInLockouts>();
        services.AddSingleton<DummyPassword>();
        services.AddSingleton<SignInDevices>();
        services.AddSingleton<Infrastructure.AttemptLog>();
        services.AddScoped<OrganiserSignIn>();
        return services;
    }
}
