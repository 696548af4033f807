using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Web.Domain;

namespace Registration.Web.Features.Notifications;

/// <summary>What an organiser asked to be emailed about one event's sign-ups. With no choice saved, nothing.</summary>
public enum NotificationChoice
{
    None = 0,
    EachSignUp = 1,
    DailyDigest = 2,
}

/// <summary>
/// One organiser's choice for one event, and how far their daily summaries have got, so that a summary is
/// queued once for each day however often the job runs. It goes when the organiser or the event does.
/// </summary>
public sealed class OrganiserNotification
{
    private OrganiserNotification()
    {
        OrganiserId = string.Empty;
    }

    public string OrganiserId { get; private set; }

    public int EventId { get; private set; }

    public NotificationChoice Choice { get; private set; }

    /// <summary>The end of the last period a summary was written for (whether or not it had anything to say).</summary>
    public DateTime? DigestSentThroughUtc { get; private set; }

    public static OrganiserNotification For(string organiserId, int eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(organiserId);
        return new OrganiserNotification { OrganiserId = organiserId, EventId = eventId };
    }

    /// <summary>
    /// A summary chosen afresh starts with the day before its first one is sent, not from wherever an
    /// earlier spell of summaries stopped: it would report weeks of old news.
    /// </summary>
    public void Choose(NotificationChoice choice)
    {
        if (!Enum.IsDefined(choice))
        {
            throw new DomainException("Choose never, every sign-up or a daily summary.");
        }

        if (choice == NotificationChoice.DailyDigest && Choice != NotificationChoice.DailyDigest)
        {
            DigestSentThroughUtc = null;
        }

        Choice = choice;
    }

    public void DigestWritten(DateTime throughUtc) => DigestSentThroughUtc = throughUtc;
}

internal sealed class OrganiserNotificationConfiguration : IEntityTypeConfiguration<OrganiserNotification>
{
    public void Configure(EntityTypeBuilder<OrganiserNotification> builder)
    {
        builder.ToTable("OrganiserNotifications");
        builder.HasKey(n => new { n.OrganiserId, n.EventId });
        builder.Property(n => n.Choice).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Organiser>().WithMany().HasForeignKey(n => n.OrganiserId).OnDelete(DeleteBehavior.Cascade);

        // Also the index by which each sign-up finds who to tell.
        builder.HasOne<Event>().WithMany().HasForeignKey(n => n.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}
