using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Notifications;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Browser;

/// <summary>An organiser chooses, on a phone, to be emailed about every sign-up to one event; only they are.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationsBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_organiser_chooses_an_email_per_sign_up_for_themselves_from_the_attendee_list()
    {
        const string organiser = "notify-me@example.org";
        const string colleague = "notify-colleague@example.org";
        await using var scope = fixture.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<OrganiserAccounts>();
        await accounts.CreateAsync(organiser, OrganiserClient.Password);
        await accounts.CreateAsync(colleague, OrganiserClient.Password);
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        var ev = await TestEvents.AddAsync(dbFactory, "notify-browser", capacity: 20, new DateTime(DateTime.UtcNow.Year + 1, 5, 6, 18, 0, 0));

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseUri.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{ev.Slug}", organiser);
        await page.GetByRole(AriaRole.Link, new() { Name = "Emails to me about sign-ups" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Emails about sign-ups to {ev.Title}" })).ToBeVisibleAsync(new() { Timeout = 15000 });
        var group = page.GetByRole(AriaRole.Group, new() { Name = "Email me" });
        await Assertions.Expect(group.GetByRole(AriaRole.Radio, new() { Name = "Never" })).ToBeCheckedAsync();
        await Assertions.Expect(group.GetByRole(AriaRole.Radio, new() { Name = "Never" })).ToBeEnabledAsync(new() { Timeout = 15000 });
        await group.GetByLabel("On every sign-up").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: you will get an email with every sign-up to this event.");

        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1], $"The page is {widths[0]} px wide in a {widths[1]} px window.");
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("On every sign-up")).ToBeCheckedAsync(new() { Timeout = 15000 });

        var ids = (await accounts.ListAsync()).ToDictionary(o => o.Email, o => o.Id);
        var choices = scope.ServiceProvider.GetRequiredService<NotificationChoices>();
        Assert.Equal(NotificationChoice.EachSignUp, await choices.GetAsync(ids[organiser], ev.Id));
        Assert.Equal(NotificationChoice.None, await choices.GetAsync(ids[colleague], ev.Id));

        var details = SignUpDetails.Validate(new SignUpInput("Ada Lovelace", "ada-notify@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
        await scope.ServiceProvider.GetRequiredService<SignUpService>().SignUpAsync(ev.Id, details);
        await using var db = await dbFactory.CreateDbContextAsync();
        var notice = await db.Outbox.SingleAsync(m => m.EventId == ev.Id && m.Kind == MessageKind.OrganiserSignUpNotice);
        Assert.Equal(organiser, notice.ToAddress);
    }
}
