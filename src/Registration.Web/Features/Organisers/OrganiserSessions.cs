using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Registration.Web.Data;

namespace Registration.Web.Features.Organisers;

/// <summary>
/// An organiser's session lasts while the account's security stamp is the one it signed in with. Signing
/// out, a new password and removal all change the stamp (or the account), and so end every session of
/// that person: cookies are checked against it on every request, and a live page before each thing it
/// is asked to do.
/// </summary>
internal static class OrganiserSessions
{
    public static IServiceCollection AddOrganiserSessions(this IServiceCollection services)
    {
        // Zero: a cookie is checked on every request, not trusted for Identity's default 30 minutes.
        // The organiser area is small, and a lookup by primary key is cheap beside the page it guards.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddSingleton<SessionStamps>();
        services.AddScoped<LiveSessionState>();
        services.AddScoped<AuthenticationStateProvider>(provider => provider.GetRequiredService<LiveSessionState>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, LiveSessionGuard>());
        return services;
    }
}

/// <summary>Whether a signed-in principal's session is still the account's current one.</summary>
internal sealed class SessionStamps(IDbContextFactory<RegistrationDbContext> dbFactory, IOptions<IdentityOptions> identity)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var claims = identity.Value.ClaimsIdentity;
        var id = user.FindFirstValue(claims.UserIdClaimType);
        var stamp = user.FindFirstValue(claims.SecurityStampClaimType);
        if (id is null || stamp is null)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefaultAsync(cancellationToken);
        return current == stamp;
    }
}

/// <summary>
/// A circuit's sign-in, checked against the account every minute even while the page sits idle, and by
/// <see cref="LiveSessionGuard"/> before each thing the page is asked to do. Once found ended it stays
/// ended: the router then shows no organiser page and sends the browser to sign in.
/// </summary>
internal sealed class LiveSessionState(ILoggerFactory loggers, SessionStamps stamps) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    private static readonly Task<AuthenticationState> SignedOut = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));

    private volatile bool _hadSession;

    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        stamps.IsCurrentAsync(authenticationState.User, cancellationToken);

    /// <summary>
    /// False when this circuit had an organiser's session that has since ended: then nothing more may
    /// run in it. A circuit that never had one (a copied page opened without a cookie) may go on, as
    /// the router authorises every page it shows.
    /// </summary>
    public async Task<bool> AllowsActivityAsync(CancellationToken cancellationToken)
    {
        var user = (await GetAuthenticationStateAsync()).User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return !_hadSession;
        }

        _hadSession = true;
        if (await stamps.IsCurrentAsync(user, cancellationToken))
        {
            return true;
        }

        SetAuthenticationState(SignedOut);
        return false;
    }
}

/// <summary>
/// Checks the session before each inbound activity of a circuit (an event, a navigation, a JS call). A
/// revoked session's action is dropped, not run, and the circuit's user becomes anonymous, which sends
/// the browser to sign in (see Routes.razor).
/// </summary>
internal sealed class LiveSessionGuard(LiveSessionState session) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (await session.AllowsActivityAsync(CancellationToken.None))
            {
                await next(context);
            }
        };
}
