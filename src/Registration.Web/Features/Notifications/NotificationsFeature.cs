using Registration.Web.Data;
using Registration.Web.Features.Email;

namespace Registration.Web.Features.Notifications;

public static class NotificationsFeature
{
    /// <summary>
    /// Organisers' choice of email about an event's sign-ups: a notice with each sign-up (a domain event
    /// handler, in the sign-up's transaction) or a daily summary (a job that looks every few minutes whether
    /// a morning's summaries are due, so a restart misses none).
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<IDomainEventHandler, SignUpNotices>();
        services.AddSingleton<NotificationChoices>();
        services.AddSingleton<DailyDigests>();
        services.AddRecurringJob<DailyDigestJob>("organiser-daily-digests", TimeSpan.FromMinutes(5));
        return services;
    }
}
