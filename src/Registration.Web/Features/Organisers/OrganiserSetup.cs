using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Web.Features.Organisers;

internal static class OrganiserSetup
{
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddOrganiserAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<Organiser>(options =>
            {
                // Length over complexity, as current guidance has it; OrganiserSignIn's lockout stops guessing.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                // Identity's lockout is per account, so anyone could lock anyone out: OrganiserSignIn locks per client instead.
                options.Lockout.AllowedForNewUsers = false;
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RegistrationDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/organiser/sign-in";
            cookie.AccessDeniedPath = "/organiser/no-access";
            cookie.Cookie.Name = "registration.organiser";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddOrganiserSessions();
        services.AddScoped<OrganiserAccounts>();
        services.AddSingleton<SetupLink>();
        services.AddOrganiserSecurity();
        return services;
    }

    public static IEndpointRouteBuilder MapOrganiserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/organiser/sign-out", async (HttpContext context, IAntiforgery antiforgery, SignInManager<Organiser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Infrastructure.FailedAntiforgeryPage.Result("/organiser");
            }

            // Signing out ends every session of this person, on every device: a new security stamp makes
            // every copy of the cookie, and every live page, stale at once (see OrganiserSessions).
            if (await signIn.UserManager.GetUserAsync(context.User) is { } organiser)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(organiser);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/organiser/sign-in?signed-out=true");
        }).RequireAuthorization();
        return app;
    }
}
