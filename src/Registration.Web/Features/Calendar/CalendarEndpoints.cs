using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Events;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Calendar;

/// <summary>"Add to calendar" for one event, and a feed of upcoming events that calendar apps can subscribe to.</summary>
public static class CalendarEndpoints
{
    private const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>Calendar apps and link checkers ask with HEAD too; the server drops the body of a HEAD answer.</summary>
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/events/{slug}/calendar.ics", GetOrHead, async (string slug, HttpRequest request, IDbContextFactory<RegistrationDbContext> dbFactory, PublicUrls urls, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var ev = await db.Events.AsNoTracking().Public()
                .SingleOrDefaultAsync(e => e.Slug == slug, cancellationToken);
            if (ev is null)
            {
                return Results.NotFound();
            }

            var ics = new IcsWriter("PUBLISH").AddEvent(ev, urls.EventPage(ev.Slug), clock.GetUtcNow().UtcDateTime);

            // Named so that browsers save "slug.ics" and hand it to the calendar app.
            request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{ev.Slug}.ics\"";
            return Results.Text(ics.ToString(), ContentType);
        });

        app.MapMethods("/events.ics", GetOrHead, async (IDbContextFactory<RegistrationDbContext> dbFactory, PublicUrls urls, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var upcoming = await db.Events.AsNoTracking().Public()
                .Where(e => e.Schedule.EndsAtUtc > now)
                .OrderBy(e => e.Schedule.StartsAtUtc)
                .ToListAsync(cancellationToken);
            var ics = new IcsWriter("PUBLISH", "Upcoming events");
            foreach (var ev in upcoming)
            {
                ics.AddEvent(ev, urls.EventPage(ev.Slug), now);
            }

            return Results.Text(ics.ToString(), ContentType);
        });
        return app;
    }
}
