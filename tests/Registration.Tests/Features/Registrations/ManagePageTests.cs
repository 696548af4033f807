using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Registrations;

namespace Registration.Tests.Features.Registrations;

/// <summary>The emailed manage link: see your registration, and cancel it with a confirm step.</summary>
public sealed class ManagePageTests : IDisposable
{
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);
    private readonly SignUpClient _signUps;

    public ManagePageTests() => _signUps = new SignUpClient(_app.CreateClient());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Cancelling_a_place_after_confirming_gives_it_to_the_first_person_waiting()
    {
        await TestEvents.AddAsync(_app.DbFactory, "one-place", capacity: 1, July);
        await _signUps.PostAsync("one-place", SignUpClient.Fields("Ada", "ada@example.org"));
        await _signUps.PostAsync("one-place", SignUpClient.Fields("Grace", "grace@example.org"));
        await _signUps.PostAsync("one-place", SignUpClient.Fields("Katherine", "katherine@example.org"));
        var ada = await ManageTokenAsync("ada@example.org");
        var katherine = await ManageTokenAsync("katherine@example.org");

        var manage = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={ada}");
        Assert.Equal(HttpStatusCode.OK, manage.Status);
        Assert.Contains("You're registered", manage.Text, StringComparison.Ordinal);
        Assert.Contains("data-registration-status=\"confirmed\"", manage.Html, StringComparison.Ordinal);
        Assert.Contains("Test event one-place", manage.Text, StringComparison.Ordinal);

        var waiting = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={katherine}");
        Assert.Contains("You are number 2 on the waiting list", waiting.Text, StringComparison.Ordinal);

        var confirm = await HttpPage.GetAsync(_signUps.Client, $"/manage/cancel?token={ada}");
        Assert.Contains("Cancel your registration?", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("Your place will go to the next person on the waiting list.", confirm.Text, StringComparison.Ordinal);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal(RegistrationStatus.Confirmed, (await db.Registrations.SingleAsync(r => r.Email == "ada@example.org")).Status);
        }

        var cancelled = await PostCancelAsync(ada, confirm);
        Assert.Contains("Your registration is cancelled", cancelled.Text, StringComparison.Ordinal);
        Assert.Contains("data-registration-status=\"cancelled\"", cancelled.Html, StringComparison.Ordinal);

        await using var check = await _app.DbFactory.CreateDbContextAsync();
        var byEmail = await check.Registrations.ToDictionaryAsync(r => r.Email);
        Assert.Equal(RegistrationStatus.Cancelled, byEmail["ada@example.org"].Status);
        Assert.Equal(EventRegistration.ByAttendee, byEmail["ada@example.org"].StatusChangedBy);
        Assert.Equal(RegistrationStatus.Confirmed, byEmail["grace@example.org"].Status);
        Assert.Equal(EventRegistration.ByWaitingList, byEmail["grace@example.org"].StatusChangedBy);
        Assert.Equal(RegistrationStatus.Waitlisted, byEmail["katherine@example.org"].Status);
        var kinds = await check.Outbox.OrderBy(m => m.Id).Select(m => new { m.Kind, m.ToAddress }).ToListAsync();
        Assert.Contains(kinds, k => k.Kind == MessageKind.RegistrationCancelled && k.ToAddress == "ada@example.org");
        Assert.Contains(kinds, k => k.Kind == MessageKind.PromotedFromWaitingList && k.ToAddress == "grace@example.org");

        var after = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={katherine}");
        Assert.Contains("You are number 1 on the waiting list", after.Text, StringComparison.Ordinal);
        // Cancelling turns the earlier links off; the cancellation email brings one that shows what happened.
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={ada}")).Status);
        var fromCancellation = (await _app.Mail.WaitForAsync(m => m.Subject == "Your registration is cancelled: Test event one-place")).ManageToken!;
        var again = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={fromCancellation}");
        Assert.Contains("This registration was cancelled on Sunday 1 June 2025", again.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel my registration", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manage_pages_send_no_referrer_and_are_not_stored()
    {
        await TestEvents.AddAsync(_app.DbFactory, "private", capacity: null, July);
        await _signUps.PostAsync("private", SignUpClient.Fields("Ada", "ada@example.org"));
        var token = await ManageTokenAsync("ada@example.org");

        foreach (var url in new[] { $"/manage?token={token}", $"/manage/cancel?token={token}", "/manage?token=not-a-real-token" })
        {
            using var response = await _signUps.Client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
            Assert.True(response.Headers.CacheControl?.NoStore, url);
        }
    }

    [Fact]
    public async Task An_unknown_link_says_so_with_404()
    {
        var page = await HttpPage.GetAsync(_signUps.Client, "/manage?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("This link does not work", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_again_sends_a_fresh_link_leaves_the_old_one_working_and_sends_at_most_one_in_ten_minutes()
    {
        await TestEvents.AddAsync(_app.DbFactory, "renew", capacity: null, July);
        await _signUps.PostAsync("renew", SignUpClient.Fields("Ada", "ada@example.org"));
        var first = await ManageTokenAsync("ada@example.org");

        for (var i = 0; i < 30; i++)
        {
            var page = await _signUps.PostAsync("renew", SignUpClient.Fields("Ada", "ada@example.org"));
            Assert.Equal("check-email", SignUpClient.Status(page));
        }

        var second = (await _app.Mail.WaitForAsync(m => m.Subject == "Your link for Test event renew")).ManageToken!;
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={first}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={second}")).Status);
        await using (var db = await _app.DbFactory.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Outbox.CountAsync(m => m.Kind == MessageKind.ManageLinkResent));
        }

        _app.Clock.Now += EventRegistration.LinkResendInterval;
        Assert.Equal("check-email", SignUpClient.Status(await _signUps.PostAsync("renew", SignUpClient.Fields("Ada", "ada@example.org"))));
        await using var check = await _app.DbFactory.CreateDbContextAsync();
        Assert.Equal(2, await check.Outbox.CountAsync(m => m.Kind == MessageKind.ManageLinkResent));
    }

    /// <summary>The token from the newest email to that address that carries one, as its owner would click it.</summary>
    private Task<string> ManageTokenAsync(string email) => _app.Mail.ManageTokenForAsync(email);

    private async Task<HttpPage> PostCancelAsync(string token, HttpPage confirmPage)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel", ["__RequestVerificationToken"] = confirmPage.AntiforgeryToken });
        using var response = await _signUps.Client.PostAsync(new Uri($"/manage/cancel?token={token}", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

}
