namespace Registration.Web.Features.EventList;

public static class EventListFeature
{
    /// <summary>The organiser's list of every event, with the review notes an import left and a way to mark them seen.</summary>
    public static IServiceCollection AddEventList(this IServiceCollection services) => services.AddSingleton<EventReviews>();
}
