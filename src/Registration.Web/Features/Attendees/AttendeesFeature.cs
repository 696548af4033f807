namespace Registration.Web.Features.Attendees;

public static class AttendeesFeature
{
    /// <summary>The organiser's actions on registrations and their emails to attendees (pages and exports are mapped with the app).</summary>
    public static IServiceCollection AddAttendees(this IServiceCollection services) =>
        services.AddSingleton<AttendeeActions>().AddSingleton<Announcements>();
}
