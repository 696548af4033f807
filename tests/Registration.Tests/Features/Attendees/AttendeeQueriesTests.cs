using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Attendees;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Attendees;

/// <summary>The attendee list's reads against a real SQLite file migrated as the app migrates it.</summary>
public sealed class AttendeeQueriesTests() : DatabaseTests("2026-02-01T12:00:00Z")
{
    private const string Bounced = "550 5.1.1 Mailbox unavailable";

    [Fact]
    public async Task Each_row_shows_its_registrations_latest_email_even_when_a_later_one_failed()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "latest", 2, new DateTime(2026, 3, 6, 10, 0, 0));
        var other = await TestEvents.AddAsync(Database.Factory, "other", 10, new DateTime(2026, 3, 7, 10, 0, 0));
        var ada = await SignUpAsync(ev, "Ada");
        var grace = await SignUpAsync(ev, "Grace");
        var kate = await SignUpAsync(ev, "Katherine");
        await SignUpAsync(other, "Ada");

        // Messages of different people interleave, as the outbox writes them; the other event's are newest.
        await SettleFirstEmailAsync(ada, failed: false);
        await SettleFirstEmailAsync(grace, failed: true);
        await AddEmailAsync(ada, MessageKind.Reminder, failed: false);
        var graceResent = await AddEmailAsync(grace, MessageKind.ManageLinkResent, failed: false);
        var adaBounced = await AddEmailAsync(ada, MessageKind.Announcement, failed: true);
        await using (var db = Database.Open())
        {
            var elsewhere = await db.Registrations.SingleAsync(r => r.EventId == other.Id);
            await AddEmailAsync(elsewhere.Id, MessageKind.Announcement, failed: true);
        }

        long kateWaiting;
        await using (var db = Database.Open())
        {
            kateWaiting = await db.Outbox.Where(m => m.RegistrationId == kate).Select(m => m.Id).SingleAsync();
        }

        await using var read = Database.Open();
        var page = await AttendeeQueries.PageAsync(read, ev.Id, term: null, status: null, orderBy: null, skip: 0, take: 25);

        Assert.Equal(3, page.Total);
        Assert.Collection(
            page.Rows,
            row => Assert.Equal((ada, (int?)null, (long?)adaBounced, (OutboxStatus?)OutboxStatus.Failed, (string?)Bounced), (row.Id, row.WaitlistPosition, row.LastMessageId, row.LastMessageStatus, row.LastMessageError)),
            row => Assert.Equal((grace, (int?)null, (long?)graceResent, (OutboxStatus?)OutboxStatus.Sent, (string?)null), (row.Id, row.WaitlistPosition, row.LastMessageId, row.LastMessageStatus, row.LastMessageError)),
            row => Assert.Equal((kate, (int?)1, (long?)kateWaiting, (OutboxStatus?)OutboxStatus.Pending, (string?)null), (row.Id, row.WaitlistPosition, row.LastMessageId, row.LastMessageStatus, row.LastMessageError)));

        // Rows come back in the page's own order, as the door page sorts them by name.
        var byName = await AttendeeQueries.RowsAsync(read, AttendeeQueries.Search(read, ev.Id, term: null, status: null).OrderByDescending(r => r.Name));
        Assert.Equal(["Katherine", "Grace", "Ada"], byName.Select(r => r.Name));
        Assert.Equal(adaBounced, byName[2].LastMessageId);
    }

    [Fact]
    public async Task The_latest_email_is_read_through_the_outbox_index_on_registration()
    {
        var ev = await TestEvents.AddAsync(Database.Factory, "plan", 10, new DateTime(2026, 3, 6, 10, 0, 0));
        int[] ids = [await SignUpAsync(ev, "Ada"), await SignUpAsync(ev, "Grace")];

        await using var db = Database.Open();
        var sql = AttendeeQueries.Rows(db, ids).ToQueryString();
        var plan = await QueryPlan.ExplainAsync(db, sql);

        // SQLite names a table in its plan by the alias EF gives it.
        var outbox = Regex.Matches(sql, "\"OutboxMessages\" AS \"(\\w+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(outbox);
        Assert.All(outbox, alias => Assert.Contains(plan, line => Regex.IsMatch(line, $"^SEARCH {alias} USING (COVERING )?INDEX IX_OutboxMessages_RegistrationId \\(RegistrationId=\\?\\)$")));
        Assert.DoesNotContain(plan, line => outbox.Any(alias => line.StartsWith($"SCAN {alias}", StringComparison.Ordinal)) || line.Contains("SCAN OutboxMessages", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private async Task<int> SignUpAsync(Event ev, string name)
    {
        await new SignUpService(Database.Factory, Clock, Links).SignUpAsync(ev.Id, EventRegistrationTests.Details(name, $"{name}@example.org"));
        await using var db = Database.Open();
        return await db.Registrations.Where(r => r.EventId == ev.Id && r.Name == name).Select(r => r.Id).SingleAsync();
    }

    /// <summary>The confirmation the sign-up left in the outbox is sent, or bounces for good.</summary>
    private async Task SettleFirstEmailAsync(int registrationId, bool failed)
    {
        await using var db = Database.Open();
        Settle(await db.Outbox.SingleAsync(m => m.RegistrationId == registrationId), failed);
        await db.SaveChangesAsync();
    }

    private async Task<long> AddEmailAsync(int registrationId, MessageKind kind, bool failed)
    {
        await using var db = Database.Open();
        var registration = await db.Registrations.SingleAsync(r => r.Id == registrationId);
        var message = OutboxMessage.For(registration, kind, Clock.GetUtcNow().UtcDateTime, Links.Issue(registration, Clock.GetUtcNow().UtcDateTime));
        Settle(message, failed);
        db.Outbox.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private void Settle(OutboxMessage message, bool failed)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        if (failed)
        {
            message.RecordFailure(now, Bounced, transient: false, maxAttempts: 5, retryAfter: TimeSpan.FromMinutes(1));
        }
        else
        {
            message.MarkSent(now);
        }
    }
}
