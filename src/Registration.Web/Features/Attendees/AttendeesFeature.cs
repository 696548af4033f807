using Registration.Web.Data;

namespace Registration.Web.Features.Attendees;

public static class AttendeesFeature
{
    /// <summary>
    /// The organiser's actions on registrations, their emails to attendees, and check-in codes (pages and
    /// exports are mapped with the app; the database context takes <see cref="AssignCheckInCodes"/>, and start-up
    /// gives older registrations their codes).
    /// </summary>
    public static IServiceCollection AddAttendees(this IServiceCollection services) =>
        services.AddSingleton<AttendeeActions>().AddSingleton<Announcements>().AddSingleton<CheckInCodes>().AddSingleton<AssignCheckInCodes>()
            .AddSingleton<IDatabaseStartupStep, AssignMissingCheckInCodes>()
            .AddSingleton<IDatabaseStartupStep, SearchIndex>();
}
