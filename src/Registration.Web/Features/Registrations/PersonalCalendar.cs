using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Calendar;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Registrations;

/// <summary>
/// A person's own calendar file, reached with their manage link's token: the event as the public file has
/// it, plus the joining link once they have a place at an online event (the public file never has it).
/// </summary>
public static class PersonalCalendar
{
    public static IEndpointRouteBuilder MapRegistrationEndpoints(this IEndpointRouteBuilder app)
    {
        // The token is a manage link's, so the file gets the manage page's protections (no caching, no referrer, rate limit).
        app.MapMethods("/manage/calendar.ics", [HttpMethods.Get, HttpMethods.Head], async (
                [Microsoft.AspNetCore.Mvc.FromQuery(Name = ManageLinks.TokenParameter)] string? token, HttpContext context, ManageService registrations,
                IDbContextFactory<RegistrationDbContext> dbFactory, PublicUrls urls, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var managed = await registrations.FindAsync(token ?? string.Empty, cancellationToken);
                if (managed is null)
                {
                    return Results.NotFound();
                }

                var (registration, ev, _) = managed;

                // The same sequence as the files emailed to this person, so their calendar takes it as the same entry, not an older one.
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                var earlier = await HotQueries.EarlierRegistrations(db, ev.Id, registration.NormalizedEmail, registration.Id, cancellationToken);
                var ics = new IcsWriter("PUBLISH").AddEvent(ev, urls.EventPage(ev.Slug), clock.GetUtcNow().UtcDateTime, earlierRegistrations: earlier, joinUrl: ev.JoiningLinkFor(registration.Status));
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{ev.Slug}.ics\"";
                return Results.Text(ics.ToString(), "text/calendar; charset=utf-8");
            })
            .WithMetadata(new SecretAddressAttribute())
            .RequireRateLimiting(RateLimits.Manage);
        return app;
    }
}
