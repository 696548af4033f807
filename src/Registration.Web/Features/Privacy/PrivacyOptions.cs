using Registration.Web.Domain;

namespace Registration.Web.Features.Privacy;

/// <summary>The <c>Privacy</c> section of appsettings.json: how long personal data is kept after an event ends.</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>Days after an event ends that its registrations keep names, addresses, organisations and answers; an event may say otherwise (<c>retain_days</c>).</summary>
    public int RetainDays { get; set; } = 90;

    /// <summary>Days after an event ends that access needs, dietary needs and questions marked sensitive are kept (never longer than the rest).</summary>
    public int RetainSensitiveDays { get; set; } = 14;

    public Retention RetentionOf(Event ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return ev.RetentionFor(RetainDays, RetainSensitiveDays);
    }
}
