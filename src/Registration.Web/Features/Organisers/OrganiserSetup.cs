using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Registration.Web.Data;

namespace Registration.Web.Features.Organisers;

internal static class OrganiserSetup
{
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddOrganiserAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<Organiser>(options =>
            {
                // Length over complexity, as current guidance has it; lockout stops guessing.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = Lockout;
                options.Lockout.AllowedForNewUsers = true;
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
            cookie.AccessDeniedPath = "/organiser/sign-in";
            cookie.Cookie.Name = "registration.organiser";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<OrganiserAccounts>();
        services.AddSingleton<SetupLink>();
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

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        }).RequireAuthorization();
        return app;
    }
}
