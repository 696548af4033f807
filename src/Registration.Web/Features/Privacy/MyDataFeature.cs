using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using Quartz;
using Registration.Web.Features.Email;
using Registration.Web.Features.Registrations;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Privacy;

public static class MyDataFeature
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A person's own access to their data by email address (<c>/my-data</c>), and its erasure.</summary>
    public static IServiceCollection AddMyData(this IServiceCollection services)
    {
        services.AddSingleton<MyDataLinks>();
        services.AddSingleton<MyDataSessions>();
        services.AddSingleton<MyDataService>();
        services.TryAddSingleton<AttemptLog>();
        services.AddRecurringJob<SpentLinksJob>("forget-spent-data-access-links", TimeSpan.FromHours(1));
        return services;
    }

    /// <summary>The JSON download of the data page, for the browser holding a session (the pages are Razor components).</summary>
    public static IEndpointRouteBuilder MapMyData(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/my-data/export.json", async (HttpContext http, MyDataSessions sessions, MyDataService myData, PublicUrls urls, CancellationToken cancellationToken) =>
        {
            ManageLinkPage.Protect(http);
            if (sessions.Current(http) is not { } session)
            {
                // The page says the session has ended and how to start another.
                return Results.Redirect("/my-data/held");
            }

            var report = await myData.ReportAsync(session.NormalizedEmail, slug => urls.EventPage(slug).ToString(), cancellationToken);
            http.Response.Headers[HeaderNames.ContentDisposition] = "attachment; filename=\"my-data.json\"";
            return Results.Json(report, Json, "application/json; charset=utf-8");
        }).RequireRateLimiting(RateLimits.Manage);
        return endpoints;
    }
}

/// <summary>Hourly, so a link's row and its email's recipient outlast the link by an hour at most.</summary>
[DisallowConcurrentExecution]
internal sealed class SpentLinksJob(MyDataService myData, ILogger<SpentLinksJob> logger)
    : LoggedJob(logger, "it runs again in an hour")
{
    protected override Task RunAsync(CancellationToken cancellationToken) => myData.ForgetSpentLinksAsync(cancellationToken);
}
