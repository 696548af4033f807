using System.Net;
using System.Net.Mail;
using Registration.Web.Data;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Email;

public static class EmailFeature
{
    /// <summary>
    /// The outbox and everything that fills and sends it: settings checked at start, the dispatcher (a
    /// Quartz job woken by each commit that adds mail), reminders, and notices of changed or cancelled events.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.SectionName))
            .Validate(o => IsAddress(o.From), "Email:From must be one plain email address, like events@example.org.")
            .Validate(o => string.IsNullOrWhiteSpace(o.ReplyTo) || IsAddress(o.ReplyTo), "Email:ReplyTo must be one plain email address.")
            .Validate(o => o.Mode != EmailMode.Smtp || !string.IsNullOrWhiteSpace(o.Smtp.Host), "Email:Smtp:Host is required when Email:Mode is Smtp.")
            .Validate(o => o.Smtp.Port is >= 1 and <= IPEndPoint.MaxPort, $"Email:Smtp:Port must be from 1 to {IPEndPoint.MaxPort}.")
            .Validate(o => o.Parallelism is >= 1 and <= EmailOptions.MaxParallelism, $"Email:Parallelism (messages sent side by side) must be from 1 to {EmailOptions.MaxParallelism}.")
            .Validate(o => o.Smtp.TimeoutSeconds is >= 1 and <= SmtpOptions.MaxTimeoutSeconds, $"Email:Smtp:TimeoutSeconds must be from 1 to {SmtpOptions.MaxTimeoutSeconds}.")
            .Validate(
                o => o.ClaimSeconds >= o.Smtp.TimeoutSeconds + EmailOptions.ClaimMarginSeconds,
                $"Email:ClaimSeconds must be at least Email:Smtp:TimeoutSeconds plus {EmailOptions.ClaimMarginSeconds} (for composing and recording a message), so that a claim cannot run out while its message is still being sent.")
            .ValidateOnStart();
        services.AddOptions<RegistrationOptions>()
            .Validate(o => EmailBrand.IsColour(o.BrandColour), EmailBrand.ColourProblem)
            .Validate(o => EmailBrand.IsLogo(o.LogoUrl), EmailBrand.LogoProblem)
            .Validate(o => EmailBrand.IsWebsite(o.WebsiteUrl), EmailBrand.WebsiteProblem);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<ICommitObserver>(s => s.GetRequiredService<OutboxSignal>());
        services.AddSingleton<MailTransport>();
        services.AddSingleton<MessageComposer>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxDispatchJob>();
        services.AddSingleton<ReminderQueue>();
        services.AddSingleton<EventNotices>();
        services.AddRecurringJob<ReminderJob>("queue-reminders", TimeSpan.FromMinutes(1));
        return services;
    }

    private static bool IsAddress(string? value)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(value) && new MailAddress(value).Address == value.Trim();
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
