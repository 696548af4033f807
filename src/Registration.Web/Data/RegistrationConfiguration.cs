using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Registration.Web.Domain;

namespace Registration.Web.Data;

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<EventRegistration>
{
    public void Configure(EntityTypeBuilder<EventRegistration> builder)
    {
        builder.ToTable("Registrations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(EventRegistration.MaxNameLength).IsRequired();
        builder.Property(r => r.Email).HasMaxLength(EventRegistration.MaxEmailLength).IsRequired();
        builder.Property(r => r.NormalizedEmail).HasMaxLength(EventRegistration.MaxEmailLength).IsRequired();
        builder.Property(r => r.Organisation).HasMaxLength(EventRegistration.MaxOrganisationLength);
        builder.Property(r => r.Answers).HasField("_answers").AsJson();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.StatusChangedBy).HasMaxLength(200).IsRequired();
        builder.Property(r => r.CheckedInBy).HasMaxLength(256);
        builder.Property(r => r.Notes).HasMaxLength(EventRegistration.MaxAnswerLength * 4);
        builder.Property(r => r.PendingEmail).HasMaxLength(EventRegistration.MaxEmailLength);
        builder.Property(r => r.PendingEmailHash).HasMaxLength(64);
        builder.HasIndex(r => r.PendingEmailHash).IsUnique();
        builder.Ignore(r => r.IsActive);
        builder.Ignore(r => r.IsAnonymised);
        builder.Ignore(r => r.HoldsPlace);
        builder.Ignore(r => r.DomainEvents);

        // Registrations made before links had generations start in the first one.
        builder.Property(r => r.LinkGeneration).HasDefaultValue(0);

        // SQLite adds a NOT NULL column only with a default; the migration gives every existing registration
        // its own random salt straight away, and new ones get theirs when created, so '' is never kept.
        builder.Property(r => r.CheckInSalt).HasMaxLength(32).IsRequired().HasDefaultValue(string.Empty);
        builder.Property(r => r.CheckInCodeHash).HasMaxLength(64);
        builder.HasIndex(r => r.CheckInCodeHash).IsUnique();

        builder.HasMany(r => r.ManageTokens).WithOne(t => t.Registration).HasForeignKey(t => t.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(r => r.ManageTokens).HasField("_manageTokens");

        builder.HasOne(r => r.Event).WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Restrict);

        // One active registration per person and event; cancelled ones stay for the record, and anonymised
        // ones, which keep their status for the event's figures, have no address left to be unique.
        builder.HasIndex(r => new { r.EventId, r.NormalizedEmail }).IsUnique().HasFilter("\"Status\" <> 'Cancelled' AND \"AnonymisedAtUtc\" IS NULL");
        builder.HasIndex(r => new { r.EventId, r.Status });
    }
}

internal sealed class ManageTokenConfiguration : IEntityTypeConfiguration<ManageToken>
{
    public void Configure(EntityTypeBuilder<ManageToken> builder)
    {
        builder.ToTable("ManageTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(t => t.Hash).IsUnique();
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ToAddress).HasMaxLength(EventRegistration.MaxEmailLength).IsRequired();
        builder.Property(m => m.ToName).HasMaxLength(EventRegistration.MaxNameLength).IsRequired();
        builder.HasOne<Event>().WithMany().HasForeignKey(m => m.EventId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(m => m.Registration).WithMany().HasForeignKey(m => m.RegistrationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(m => m.FromAnnouncement).WithMany().HasForeignKey(m => m.AnnouncementId).OnDelete(DeleteBehavior.Restrict);

        // Saving a message checks that the claim is still the one it was loaded under, so a run whose claim
        // ran out and was taken over cannot overwrite the result of the run that took it.
        builder.Property(m => m.ClaimedBy).HasMaxLength(64).IsConcurrencyToken();
        builder.Property(m => m.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength);
        builder.Property(m => m.Body).HasMaxLength(OutboxMessage.MaxBodyLength);

        // The dispatcher looks for pending messages that are due.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAtUtc });

        // Exactly one reminder per registration and offset, however many reminder runs overlap.
        builder.HasIndex(m => new { m.RegistrationId, m.ReminderOffsetMinutes }).IsUnique().HasFilter("\"ReminderOffsetMinutes\" IS NOT NULL");

        // The attendee list shows each registration's latest email. SQLite appends the rowid (the id) to
        // every index entry, so one registration's messages sit in id order here and its newest is the last
        // entry: found without reading any other message. The reminder index above cannot serve this, as it
        // holds reminders only.
        builder.HasIndex(m => m.RegistrationId);

        // Erasing a person finds the organisers' notices of their sign-up. A plain column, not a foreign key:
        // the notice is news for an organiser, not part of the registration.
        builder.HasIndex(m => m.AboutRegistrationId);
    }
}

internal sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> builder)
    {
        builder.ToTable("Announcements");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Subject).HasMaxLength(Announcement.MaxSubjectLength).IsRequired();
        builder.Property(a => a.Body).HasMaxLength(Announcement.MaxBodyLength).IsRequired();
        builder.Property(a => a.Audience).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.SentBy).HasMaxLength(256).IsRequired();
        builder.HasOne<Event>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(256).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Details).HasMaxLength(2000);
        builder.HasIndex(a => a.AtUtc);
        builder.HasOne(a => a.Registration).WithMany().HasForeignKey(a => a.RegistrationId).OnDelete(DeleteBehavior.Restrict);
    }
}
