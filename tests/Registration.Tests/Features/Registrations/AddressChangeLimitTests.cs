using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Registration.Tests.Domain;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Features.Registrations;

/// <summary>
/// Each change of address emails an address the person typed, so the form cannot be used to flood one:
/// a few links an hour for a registration, and for an address, on the app's clock, against a real SQLite file.
/// </summary>
public sealed class AddressChangeLimitTests() : DatabaseTests("2026-02-01T09:00:00Z")
{
    [Fact]
    public async Task A_registration_is_sent_three_links_an_hour_and_a_fourth_request_saves_nothing()
    {
        await TestEvents.AddAsync(Database.Factory, "flood", null, new DateTime(2026, 3, 6, 10, 0, 0));
        var ada = await SignUpAsync("flood", "Ada", "ada@example.org");
        var manage = Manage();
        for (var i = 0; i < 3; i++)
        {
            var sent = await manage.ChangeDetailsAsync(ada, Input("Ada", $"flood{i}@example.net"));
            Assert.Equal($"flood{i}@example.net", sent.EmailSentTo);
        }

        var refused = await manage.ChangeDetailsAsync(ada, Input("Ada Lovelace", "flood3@example.net"));
        Assert.Equal(DetailsChangeOutcome.Invalid, refused.Outcome);
        Assert.Equal(ManageService.TooManyAddressChanges, refused.Errors[SignUpDetails.EmailField]);
        await using (var db = Database.Open())
        {
            var registration = await db.Registrations.SingleAsync();
            Assert.Equal("Ada", registration.Name);
            Assert.Equal("flood2@example.net", registration.PendingEmail);
            Assert.Equal(3, await db.Outbox.CountAsync(m => m.Kind == MessageKind.EmailChangeRequested));
        }

        // Other changes go through meanwhile, and an hour on another link may be sent.
        Assert.Equal(DetailsChangeOutcome.Saved, (await manage.ChangeDetailsAsync(ada, Input("Ada Lovelace", "ada@example.org"))).Outcome);
        Clock.Now += TimeSpan.FromHours(1);
        Assert.Equal("flood3@example.net", (await manage.ChangeDetailsAsync(ada, Input("Ada Lovelace", "flood3@example.net"))).EmailSentTo);
    }

    [Fact]
    public async Task One_address_is_sent_three_links_an_hour_whichever_registrations_ask()
    {
        await TestEvents.AddAsync(Database.Factory, "target", null, new DateTime(2026, 3, 6, 10, 0, 0));
        var manage = Manage();
        for (var i = 0; i < 4; i++)
        {
            var token = await SignUpAsync("target", $"Person {i}", $"person{i}@example.org");
            var outcome = await manage.ChangeDetailsAsync(token, Input($"Person {i}", "victim@example.net"));
            Assert.Equal(i < 3 ? DetailsChangeOutcome.Saved : DetailsChangeOutcome.Invalid, outcome.Outcome);
        }

        await using var db = Database.Open();
        Assert.Equal(3, await db.Outbox.CountAsync(m => m.Kind == MessageKind.EmailChangeRequested && m.ToAddress == "victim@example.net"));
    }

    private ManageService Manage() =>
        new(Database.Factory, Clock, Links, new AttemptLog(Clock), Options.Create(new RateLimitOptions { Enabled = true }));

    private static SignUpInput Input(string name, string email) => new(name, email, null, null, null, new Dictionary<string, string?>(), Consent: false);

    private async Task<string> SignUpAsync(string slug, string name, string email)
    {
        await using var db = Database.Open();
        var ev = await db.Events.SingleAsync(e => e.Slug == slug);
        await new SignUpService(Database.Factory, Clock, Links).SignUpAsync(ev.Id, EventRegistrationTests.Details(name, email));
        var message = await db.Outbox.Where(m => m.ToAddress == email).OrderBy(m => m.Id).LastAsync();
        return Links.Unprotect(message.ProtectedPayload!);
    }
}
