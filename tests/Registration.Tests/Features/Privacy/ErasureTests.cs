using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Notifications;
using Registration.Web.Features.Organisers;
using Registration.Web.Features.Privacy;
using static Registration.Tests.Features.Privacy.RetentionTests;

namespace Registration.Tests.Features.Privacy;

/// <summary>
/// Erasure when a person asks: from the manage page (one registration) and by address (every event, as
/// /my-data, the Admin page and <c>privacy erase</c> do), over HTTP against the real app, its database
/// file and its mail folder.
/// </summary>
public sealed class ErasureTests(ErasureTests.App app) : IClassFixture<ErasureTests.App>
{
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private static readonly DateTimeOffset June = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly SignUpClient _signUps = new(app.CreateClient());

    public sealed class App() : RegistrationAppFactory(seedSampleData: false);

    [Fact]
    public async Task Delete_my_data_on_the_manage_page_passes_the_place_on_and_leaves_no_trace()
    {
        app.Clock.Now = June;
        var wilhelmina = new Person("Wilhelmina Orrery", "wilhelmina.o@example.org", "Orrery Instruments");
        var barnaby = new Person("Barnaby Quist", "barnaby.q@example.org", "Quist & Daughters");
        await TestEvents.AddAsync(app.DbFactory, "erase-one", capacity: 1, July, Form);
        await _signUps.PostAsync("erase-one", FieldsOf(wilhelmina));
        await _signUps.PostAsync("erase-one", FieldsOf(barnaby));
        var token = await app.Mail.ManageTokenForAsync(wilhelmina.Email);
        Assert.NotEmpty(FilesHolding(app.DataDirectory, wilhelmina.Values));

        var manage = await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}");
        Assert.Contains("We keep these details until Monday 29 September 2025, 90 days after the event (access and dietary needs, and answers marked sensitive, until Tuesday 15 July 2025)", manage.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"manage/delete?token=", manage.Html, StringComparison.Ordinal);
        var confirm = await HttpPage.GetAsync(_signUps.Client, $"/manage/delete?token={token}");
        Assert.Contains("Your registration is cancelled and your place goes to the next person on the waiting list.", confirm.Text, StringComparison.Ordinal);

        var done = await PostAsync($"/manage/delete?token={token}", confirm);
        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("Your data is deleted", done.Text, StringComparison.Ordinal);
        Assert.Contains("Your place goes to the next person on the waiting list", done.Text, StringComparison.Ordinal);

        // Barnaby has the place, and is told.
        await app.Mail.WaitForAsync(m => m.To.Contains(barnaby.Email, StringComparison.Ordinal) && m.Subject.Contains("place", StringComparison.OrdinalIgnoreCase) && !m.Subject.Contains("waiting list", StringComparison.OrdinalIgnoreCase));
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var registrations = await db.Registrations.Where(r => r.Event!.Slug == "erase-one").OrderBy(r => r.Id).ToListAsync();
            Assert.Equal([(RegistrationStatus.Cancelled, true), (RegistrationStatus.Confirmed, false)], registrations.Select(r => (r.Status, r.IsAnonymised)));

            // The record of it holds a keyed hash of the address, never the address.
            var record = await db.Audit.Where(a => a.Action == "erase personal data").OrderBy(a => a.Id).LastAsync();
            Assert.Equal("attendee", record.Actor);
            Assert.EndsWith($"address hash {app.Services.GetRequiredService<AddressHash>().Of(wilhelmina.Email.ToUpperInvariant())}", record.Details, StringComparison.Ordinal);
        }

        // Nothing in the database, its log or the mail folder names her any more; Barnaby is still there.
        var left = FilesHolding(app.DataDirectory, wilhelmina.Values);
        Assert.True(left.Count == 0, $"Still held: {string.Join("; ", left)}");
        Assert.NotEmpty(FilesHolding(app.DataDirectory, [barnaby.Email]));

        // The link is dead: the page, the confirm page and a replayed post all say so, none with an error.
        Assert.Equal(HttpStatusCode.NotFound, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}")).Status);
        var replayed = await PostAsync($"/manage/delete?token={token}", confirm);
        Assert.Equal(HttpStatusCode.NotFound, replayed.Status);
        Assert.Contains("This link does not work", replayed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_event_erasure_keeps_the_status_so_the_figures_still_say_who_came()
    {
        app.Clock.Now = June;
        var cressida = new Person("Cressida Pemberton", "cressida.p@example.org", "Pemberton Mills");
        await TestEvents.AddAsync(app.DbFactory, "erase-after", capacity: null, July, Form);
        await _signUps.PostAsync("erase-after", FieldsOf(cressida));
        var token = await app.Mail.ManageTokenForAsync(cressida.Email);

        app.Clock.Now = new DateTimeOffset(July.AddDays(1), TimeSpan.Zero);
        var confirm = await HttpPage.GetAsync(_signUps.Client, $"/manage/delete?token={token}");
        Assert.DoesNotContain("cancelled", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("Your data is deleted", (await PostAsync($"/manage/delete?token={token}", confirm)).Text, StringComparison.Ordinal);
        await using var db = await app.DbFactory.CreateDbContextAsync();
        var registration = await db.Registrations.SingleAsync(r => r.Event!.Slug == "erase-after");
        Assert.Equal((RegistrationStatus.Confirmed, true, string.Empty), (registration.Status, registration.IsAnonymised, registration.Name));
    }

    [Fact]
    public async Task Erasing_an_address_removes_it_from_every_event_and_every_email_sent_to_it()
    {
        app.Clock.Now = June;
        var ignatius = new Person("Ignatius Fennimore", "Ignatius.F@Example.org", "Fennimore Press");
        var other = new Person("Henrietta Cobb", "henrietta.c@example.org", "Cobb Ltd");
        await TestEvents.AddAsync(app.DbFactory, "erase-all-1", capacity: null, July, Form);
        await TestEvents.AddAsync(app.DbFactory, "erase-all-2", capacity: null, July.AddDays(7), Form);
        await TestEvents.AddAsync(app.DbFactory, "erase-all-3", capacity: null, July.AddDays(14), Form);
        await _signUps.PostAsync("erase-all-1", FieldsOf(ignatius));
        await _signUps.PostAsync("erase-all-2", FieldsOf(ignatius));
        await _signUps.PostAsync("erase-all-3", FieldsOf(other));
        await app.Mail.WaitForAsync(m => m.To.Contains(other.Email, StringComparison.Ordinal));
        await Eventually.TrueAsync(async () => (await app.Mail.ReadAllAsync()).Count(m => m.To.Contains("ignatius", StringComparison.OrdinalIgnoreCase)) == 2);

        // Henrietta asked to move her registration to Ignatius's address (a typing mistake): that request is his data too.
        var token = await app.Mail.ManageTokenForAsync(other.Email);
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var henrietta = await db.Registrations.SingleAsync(r => r.Event!.Slug == "erase-all-3");
            henrietta.RequestEmailChange("ignatius.f@example.org", app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var erasure = await app.Services.GetRequiredService<PersonalData>().ErasePersonAsync("IGNATIUS.F@example.ORG", "admin@example.org");
        Assert.Equal(2, erasure.Registrations);
        Assert.True(erasure.Emails >= 2 && erasure.MailFiles >= 2, erasure.ToString());

        var left = FilesHolding(app.DataDirectory, ignatius.Values);
        Assert.True(left.Count == 0, $"Still held: {string.Join("; ", left)}");
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var henrietta = await db.Registrations.SingleAsync(r => r.Event!.Slug == "erase-all-3");
            Assert.Equal((other.Name, RegistrationStatus.Confirmed, (string?)null), (henrietta.Name, henrietta.Status, henrietta.PendingEmail));
            var record = await db.Audit.Where(a => a.Action == "erase personal data").OrderBy(a => a.Id).LastAsync();
            Assert.Equal("admin@example.org", record.Actor);
            Assert.DoesNotContain("ignatius", record.Details!, StringComparison.OrdinalIgnoreCase);
        }

        // Henrietta's own link still works: only Ignatius's data went.
        Assert.Equal(HttpStatusCode.OK, (await HttpPage.GetAsync(_signUps.Client, $"/manage?token={token}")).Status);

        // Nothing left to erase the second time.
        Assert.False((await app.Services.GetRequiredService<PersonalData>().ErasePersonAsync(ignatius.Email, "admin@example.org")).FoundAnything);
    }

    [Fact]
    public async Task An_organisers_notice_of_the_sign_up_goes_too_however_the_name_was_spaced()
    {
        app.Clock.Now = June;
        var ev = await TestEvents.AddAsync(app.DbFactory, "erase-notice", capacity: null, July, Form);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<OrganiserAccounts>();
            Assert.True((await accounts.CreateAsync("notified@example.org", OrganiserClient.Password)).Succeeded);
            var id = (await accounts.ListAsync()).Single(o => o.Email == "notified@example.org").Id;
            await app.Services.GetRequiredService<NotificationChoices>().SetAsync(id, ev.Id, NotificationChoice.EachSignUp);
        }

        // The notice writes the name as a header would, the two spaces made one: "Kim Twospaces (Kimcorp) signed up".
        var kim = new Person("Kim  Twospaces", "kim.two@example.org", "Kimcorp");
        await _signUps.PostAsync("erase-notice", FieldsOf(kim));
        var notice = await app.Mail.WaitForAsync(m => m.To.Contains("notified@example.org", StringComparison.Ordinal) && m.Text!.Contains("Kim Twospaces (Kimcorp)", StringComparison.Ordinal));

        await app.Services.GetRequiredService<PersonalData>().ErasePersonAsync(kim.Email, "admin@example.org");
        var left = FilesHolding(app.DataDirectory, ["Twospaces", "Kimcorp", kim.Email]);
        Assert.True(left.Count == 0, $"Still held: {string.Join("; ", left)}");
        Assert.False(File.Exists(notice.File));

        // A name changed since the notice was written: the notice is found by whose it was.
        var lou = new Person("Louisa Oldname", "louisa@example.org", "Oldorg");
        await _signUps.PostAsync("erase-notice", FieldsOf(lou));
        await app.Mail.WaitForAsync(m => m.To.Contains("notified@example.org", StringComparison.Ordinal) && m.Text!.Contains("Louisa Oldname", StringComparison.Ordinal));
        await using (var db = await app.DbFactory.CreateDbContextAsync())
        {
            var louisa = await db.Registrations.SingleAsync(r => r.NormalizedEmail == "LOUISA@EXAMPLE.ORG");
            var renamed = SignUpDetails.Validate(new SignUpInput("Louisa Newname", lou.Email, "Neworg", null, null, new Dictionary<string, string?>(), Consent: true), [], BuiltInFields.Organisation, out _)!;
            louisa.ChangeDetails(renamed, BuiltInFields.Organisation, []);
            await db.SaveChangesAsync();
        }

        // "Ann" is in "Joanne", but Joanne's notice is not Ann's.
        var ann = new Person("Ann", "ann@example.org", "Annco");
        var joanne = new Person("Joanne Smithers", "joanne@example.org", "Smithers Ltd");
        await _signUps.PostAsync("erase-notice", FieldsOf(ann));
        await _signUps.PostAsync("erase-notice", FieldsOf(joanne));
        await app.Mail.WaitForAsync(m => m.To.Contains("notified@example.org", StringComparison.Ordinal) && m.Text!.Contains("Joanne Smithers", StringComparison.Ordinal));

        await app.Services.GetRequiredService<PersonalData>().ErasePersonAsync(lou.Email, "admin@example.org");
        await app.Services.GetRequiredService<PersonalData>().ErasePersonAsync(ann.Email, "admin@example.org");
        left = FilesHolding(app.DataDirectory, ["Oldname", "Oldorg", "Newname", "Annco", lou.Email, ann.Email]);
        Assert.True(left.Count == 0, $"Still held: {string.Join("; ", left)}");
        Assert.Contains(FilesHolding(app.DataDirectory, ["Joanne Smithers (Smithers Ltd)"]), f => f.File.StartsWith("mail", StringComparison.Ordinal));
    }

    private async Task<HttpPage> PostAsync(string path, HttpPage page)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "delete", ["__RequestVerificationToken"] = page.AntiforgeryToken });
        using var response = await _signUps.Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return new HttpPage(response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
