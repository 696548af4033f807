using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Radzen;
using Registration.Web.Components;
using Registration.Web.Data;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Backup;
using Registration.Web.Features.Calendar;
using Registration.Web.Features.Email;
using Registration.Web.Features.EventEditor;
using Registration.Web.Features.EventList;
using Registration.Web.Features.Events;
using Registration.Web.Features.Health;
using Registration.Web.Features.Import;
using Registration.Web.Features.Notifications;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Privacy;
using Registration.Web.Features.Registrations;
using Registration.Web.Features.Samples;
using Registration.Web.Infrastructure;

namespace Registration.Web;

/// <summary>Builds the web app and runs it, or runs a command (<see cref="Commands"/>) against the same services.</summary>
public static class RegistrationApp
{
    /// <summary>The commands, in the order <c>--help</c> lists them; each answers <c>--help</c> with its usage.</summary>
    internal static readonly IReadOnlyList<AppCommand> Commands =
    [
        new("import", ImportCommand.Summary, ImportCommand.Usage, (args, _, output) => ImportCommand.RunAsync(args, output)),
        new("organiser", OrganiserCommand.Summary, OrganiserCommand.Usage, OrganiserCommand.RunAsync),
        new("backup", BackupCommand.Summary, BackupCommand.Usage, (args, _, output) => BackupCommand.RunAsync(args, output)),
        new("restore", RestoreCommand.Summary, RestoreCommand.Usage, (args, _, output) => RestoreCommand.RunAsync(args, output)),
        new("privacy", PrivacyCommand.Summary, PrivacyCommand.Usage, (args, _, output) => PrivacyCommand.RunAsync(args, output)),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (await Usage.RunAsync(Commands, args, Console.In, Console.Out) is { } exitCode)
        {
            return exitCode;
        }

        try
        {
            var app = Build(args);

            // Checked before the host starts, which would log the same problems again with a stack trace.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (SettingsProblems.Lines(ex) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync(problem);
            }

            return 1;
        }
    }

    public static WebApplication Build(string[] args)
    {
        var builder = CreateBuilder(args);
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddHostedService<Scheduler>();
        builder.Services.AddHostedService<SetupLink.Announcer>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()

            // A live page sends a whole field's text with each change: the largest description an event may
            // have (Event.MaxDescriptionLength characters, up to 4 bytes each in UTF-8, escaped in JSON) must
            // arrive, or the connection drops and the typing is lost. SignalR's default is 32 KB.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 2 * 4 * Domain.Event.MaxDescriptionLength);
        builder.Services.AddRadzenComponents();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddRegistrationRateLimits(builder.Configuration);

        var app = builder.Build();
        app.UseTrustedProxies();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        // In every environment, and before any generic error page: a write that gave up on a busy database
        // has a specific, true answer.
        app.UseDatabaseBusyPage();
        app.UseSecurityHeaders();

        app.UseStatusCodePagesWithReExecute("/not-found");
        app.Use((context, next) =>
        {
            // Only pages fetched with GET get the friendly error page; re-running a POST would submit its form again.
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }

            return next(context);
        });
        if (RateLimits.Enabled(app.Configuration))
        {
            app.UseRateLimiter();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseNotFoundForMissingItems();
        app.UseSecretAddresses();
        app.UseOutputCache();
        app.UseAntiforgery();
        app.UseFailedAntiforgeryPage();
        app.MapStaticAssets();
        app.MapHealthChecks("/health");
        app.MapCalendarEndpoints();
        app.MapRegistrationEndpoints();
        app.MapOrganiserEndpoints();
        app.MapAttendeeExports();
        app.MapMyData();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(SecurityHeaders.FrameAncestorsFromOwnPolicy).AnswerHeadRequests();
        return app;
    }

    /// <summary>
    /// The content root is the app's own folder, where the build puts the repository's one
    /// appsettings.json, so every way of starting the app reads the same settings.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,

            // Named explicitly so static assets are found when another process (a test host) is the entry point.
            ApplicationName = typeof(RegistrationApp).Assembly.GetName().Name,
        });
        builder.WebHost.UseStaticWebAssets();
        builder.AddSecurityHeaders();

        builder.Services.AddOptions<RegistrationOptions>()
            .Bind(builder.Configuration.GetSection(RegistrationOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Registration:DataDirectory must not be empty.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddPooledDbContextFactory<RegistrationDbContext>((services, db) =>
        {
            var options = services.GetRequiredService<IOptions<RegistrationOptions>>().Value;
            _ = services.GetRequiredService<DataDirectory>().Path;
            db.UseSqlite(SqliteDatabase.ConnectionString(options.DatabasePath))
                .AddInterceptors(services.GetRequiredService<AfterCommit>(), services.GetRequiredService<AssignCheckInCodes>(), services.GetRequiredService<SecureDelete>())
                .UseDomainEvents(services.GetRequiredService<DomainEventDispatcher>());
        });
        builder.Services.AddSingleton<DomainEventDispatcher>();
        builder.Services.AddSingleton<AfterCommit>();
        builder.Services.AddSingleton<SecureDelete>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddProxySupport();

        // Keys live beside the database so antiforgery tokens and cookies survive a restart.
        builder.Services.AddDataFolder(builder.Configuration);

        // Manage links carry a secret token in their path: request logging must never write it out.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Components.Endpoints", LogLevel.Warning);

        // Identity's stores take a context per request; it comes from the same pool.
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>().CreateDbContext());
        builder.Services.AddOrganiserAccounts();

        builder.Services.AddImport();
        builder.Services.AddRegistrations();
        builder.Services.AddAttendees();
        builder.Services.AddEventEditor();
        builder.Services.AddEventList();
        builder.Services.AddEmail(builder.Configuration);
        builder.Services.AddNotifications();
        builder.Services.AddSampleData();
        builder.Services.AddPublicEvents();
        builder.Services.AddPrivacy(builder.Configuration);
        builder.Services.AddMyData();
        return builder;
    }
}
