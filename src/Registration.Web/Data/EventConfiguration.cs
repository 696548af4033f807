using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Web.Domain;

namespace Registration.Web.Data;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.ToTable("Events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Slug).HasMaxLength(Slugs.MaxLength).IsRequired();
        builder.HasIndex(e => e.Slug).IsUnique();
        builder.Property(e => e.Title).HasMaxLength(Event.MaxTitleLength).IsRequired();
        builder.Property(e => e.Excerpt).IsRequired();
        builder.Property(e => e.Description).IsRequired();
        builder.Property(e => e.ImageUrl).HasMaxLength(Event.MaxUrlLength);
        builder.Property(e => e.Category).HasMaxLength(100);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.OnlineJoinUrl).HasMaxLength(Event.MaxUrlLength);
        builder.Property(e => e.ExternalUrl).HasMaxLength(Event.MaxUrlLength);
        builder.Property(e => e.MapUrl).HasMaxLength(Event.MaxUrlLength);
        builder.Property(e => e.RegistrationOpeningNote).HasMaxLength(200);
        builder.Property(e => e.CancellationReason).HasMaxLength(Event.MaxCancellationReasonLength);

        // The retention job looks for events whose data is still held.
        builder.HasIndex(e => e.PersonalDataRemovedAtUtc);

        builder.Property(e => e.Topics).HasField("_topics").AsJson();
        builder.Property(e => e.Projects).HasField("_projects").AsJson();
        builder.Property(e => e.ReminderOffsetsMinutes).HasField("_reminderOffsetsMinutes").AsJson();
        builder.Property(e => e.Questions).HasField("_questions").AsJson();
        builder.Property(e => e.BuiltInFields).HasDefaultValue(BuiltInFields.None);
        builder.Property(e => e.ReviewNotes).HasField("_reviewNotes").AsJson();

        // The default fills the column for events stored before it existed: none of their lines is hidden.
        builder.Property(e => e.LinesReadIntoFields).HasField("_linesReadIntoFields").AsJson().HasDefaultValueSql("'[]'");

        // The default lets the migration add the column to a table that already has rows.
        builder.Property(e => e.NeedsReview).HasDefaultValue(false);
        builder.Ignore(e => e.DomainEvents);

        builder.ComplexProperty(e => e.Schedule, schedule =>
        {
            schedule.Property(s => s.StartsAtUtc).HasColumnName("StartsAtUtc");
            schedule.Property(s => s.EndsAtUtc).HasColumnName("EndsAtUtc");
            schedule.Property(s => s.TimeZoneId).HasColumnName("TimeZoneId").HasMaxLength(64).IsRequired();
            schedule.Property(s => s.TimeToBeConfirmed).HasColumnName("TimeToBeConfirmed");
        });
        builder.ComplexProperty(e => e.Location, location =>
        {
            location.Property(l => l.Kind).HasColumnName("LocationKind").HasConversion<string>().HasMaxLength(20);
            location.Property(l => l.Venue).HasColumnName("Venue").HasMaxLength(EventLocation.MaxVenueLength);
        });

        builder.HasOne(e => e.Series).WithMany().HasForeignKey(e => e.SeriesId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SeriesConfiguration : IEntityTypeConfiguration<Series>
{
    public void Configure(EntityTypeBuilder<Series> builder)
    {
        builder.ToTable("Series");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Slug).HasMaxLength(Slugs.MaxLength).IsRequired();
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.Property(s => s.Title).HasMaxLength(Series.MaxTitleLength).IsRequired();
    }
}
