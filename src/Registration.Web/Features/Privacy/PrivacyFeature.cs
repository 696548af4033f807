using Quartz;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Web.Features.Privacy;

public static class PrivacyFeature
{
    /// <summary>How long personal data is kept (<see cref="PrivacyOptions"/>), the daily job that removes it, and erasure.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrivacyOptions>()
            .Bind(configuration.GetSection(PrivacyOptions.SectionName))
            .Validate(o => o.RetainDays is >= 0 and <= Event.MaxRetainDays, $"Privacy:RetainDays must be from 0 to {Event.MaxRetainDays}.")
            .Validate(o => o.RetainSensitiveDays is >= 0 and <= Event.MaxRetainDays, $"Privacy:RetainSensitiveDays must be from 0 to {Event.MaxRetainDays}.")
            .ValidateOnStart();
        services.AddSingleton<AddressHash>();
        services.AddSingleton<MailFolder>();
        services.AddSingleton<PersonalData>();

        // Daily, and at each start, so a server that was off on the day catches up at once.
        services.AddRecurringJob<RetentionJob>("remove-personal-data", TimeSpan.FromDays(1));
        return services;
    }
}

[DisallowConcurrentExecution]
internal sealed partial class RetentionJob(PersonalData personalData, ILogger<RetentionJob> logger)
    : LoggedJob(logger, "it runs again tomorrow, or at the next start")
{
    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var run = await personalData.RemoveDueAsync(cancellationToken);
        if (run.Steps.Count > 0 || run.MailFiles > 0)
        {
            LogRun(run.Steps.Count(s => s.AllPersonalData), run.Steps.Count(s => !s.AllPersonalData), run.MailFiles);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: removed the personal data of {AllEvents} events and the sensitive answers of {SensitiveEvents}; deleted {Files} email files")]
    private partial void LogRun(int allEvents, int sensitiveEvents, int files);
}
