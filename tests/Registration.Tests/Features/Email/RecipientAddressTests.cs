using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;

namespace Registration.Tests.Features.Email;

/// <summary>Addresses beyond ASCII, as stored in the outbox, sent to a real SMTP server.</summary>
public sealed class RecipientAddressTests : IAsyncLifetime
{
    private static readonly DateTime July = new(2025, 7, 9, 14, 0, 0);
    private SmtpServer _smtp = null!;
    private AppWithoutScheduler _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpServer.StartAsync();
        _app = new AppWithoutScheduler(EmailDeliveryTests.SmtpSettings(_smtp.Port));
        await TestEvents.AddAsync(_app.DbFactory, "addresses", capacity: null, July);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_non_ASCII_local_part_fails_for_good_at_the_first_attempt_and_says_why()
    {
        await TestOutbox.QueueConfirmationsAsync(_app.Services, "addresses", _app.Clock.GetUtcNow().UtcDateTime, ["jurgen@example.org"]);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            // Stored before the sign-up form turned such addresses away.
            await db.Database.ExecuteSqlRawAsync("UPDATE OutboxMessages SET ToAddress = 'jürgen@example.org'");
            await db.Database.ExecuteSqlRawAsync("UPDATE Registrations SET Email = 'jürgen@example.org', NormalizedEmail = 'JÜRGEN@EXAMPLE.ORG'");
        }

        var report = await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(new DispatchReport(0, 0, 1, 0), report);
        await using var check = await _app.DbFactory.CreateDbContextAsync();
        var row = await check.Outbox.AsNoTracking().SingleAsync();
        Assert.Equal((OutboxStatus.Failed, 1), (row.Status, row.Attempts));
        Assert.Equal("The address has non-ASCII characters before the @, which this mail system cannot send to.", row.LastError);
        Assert.Empty(await _smtp.Mail.ReadAllAsync());
    }

    [Fact]
    public async Task An_internationalised_domain_is_delivered_to_its_punycode_form()
    {
        await TestOutbox.QueueConfirmationsAsync(_app.Services, "addresses", _app.Clock.GetUtcNow().UtcDateTime, ["ada@bücher.example"]);

        var report = await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(new DispatchReport(1, 0, 0, 0), report);
        var mail = Assert.Single(await _smtp.Mail.ReadAllAsync());
        Assert.Equal("ada@xn--bcher-kva.example", mail.Header("x-rcptto").Trim());
        Assert.Empty(mail.Defects);
    }

    [Fact]
    public async Task A_message_queued_before_the_registration_moved_address_is_not_sent_to_the_old_one()
    {
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        await TestOutbox.QueueConfirmationsAsync(_app.Services, "addresses", now, ["old@example.org"]);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            // The confirmation waited for the mail server while the person moved to a new address.
            var registration = await db.Registrations.SingleAsync();
            registration.RequestEmailChange("new@example.org", now);
            db.Outbox.Add(OutboxMessage.EmailChangeLink(registration, now, _app.Services.GetRequiredService<Registration.Web.Features.Registrations.ManageLinks>().Protect("secret")));
            registration.ConfirmEmailChange(now);
            db.Outbox.Add(OutboxMessage.AddressReplaced(registration, "old@example.org", now));
            await db.SaveChangesAsync();
        }

        var report = await _app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        await using var check = await _app.DbFactory.CreateDbContextAsync();
        var confirmation = await check.Outbox.AsNoTracking().SingleAsync(m => m.Kind == MessageKind.RegistrationConfirmed);
        Assert.Equal(OutboxStatus.Failed, confirmation.Status);
        Assert.StartsWith("Not sent: the registration moved to another address", confirmation.LastError, StringComparison.Ordinal);

        // The notice of the move still reaches the old address, and nothing else does.
        var received = await _smtp.Mail.ReadAllAsync();
        var notice = Assert.Single(received, m => m.Header("x-rcptto").Trim() == "old@example.org");
        Assert.StartsWith("Your email address was changed", notice.Subject, StringComparison.Ordinal);
        Assert.Equal(2, report.Sent);
    }
}
