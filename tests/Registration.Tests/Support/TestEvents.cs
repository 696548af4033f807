using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;
using Registration.Web.Domain;

namespace Registration.Tests.Support;

/// <summary>Published events made to measure for a test, saved through the app's own model.</summary>
public static class TestEvents
{
    public static async Task<Event> AddAsync(
        IDbContextFactory<RegistrationDbContext> dbFactory,
        string slug,
        int? capacity,
        DateTime startLocal,
        Func<EventDetails, EventDetails>? change = null,
        DateTime? createdUtc = null)
    {
        var details = new EventDetails
        {
            Title = $"Test event {slug}",
            Schedule = EventSchedule.At(startLocal, startLocal.AddHours(2), "Europe/London"),
            Location = EventLocation.InPerson("Friends Meeting House, Manchester"),
            Description = "A test event.",
            Capacity = capacity,
        };
        var ev = Event.Create(slug, change is null ? details : change(details), createdUtc ?? DateTime.UtcNow);
        ev.Publish();
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        return ev;
    }
}
