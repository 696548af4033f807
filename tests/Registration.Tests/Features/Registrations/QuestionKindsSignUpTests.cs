using System.Net;
using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Tests.Features.Attendees;
using Registration.Web.Features.Attendees;

namespace Registration.Tests.Features.Registrations;

/// <summary>Each kind of question on the real sign-up form, over HTTP as a browser posts it: how it is asked, checked, stored and exported.</summary>
public sealed class QuestionKindsSignUpTests : IDisposable
{
    private static readonly DateTime July = new(2025, 7, 1, 10, 0, 0);
    private readonly RegistrationAppFactory _app = new(seedSampleData: false);
    private readonly SignUpClient _signUps;

    public QuestionKindsSignUpTests() => _signUps = new SignUpClient(_app.CreateClient());

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Every_kind_is_asked_its_own_way_and_only_the_built_in_fields_turned_on_appear()
    {
        await AddAsync("asked", BuiltInFields.DietaryNeeds);

        var html = (await HttpPage.GetAsync(_signUps.Client, "/events/asked/register")).Html;

        Assert.Contains("<input id=\"answer-role\" name=\"Form.Answers[role]\"", html, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"answer-story\" name=\"Form.Answers[story]\" rows=\"4\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"radio\" id=\"answer-session-1\" name=\"Form.Answers[session]\" value=\"Afternoon\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"checkbox\" id=\"answer-topics-0\" name=\"Form.Picked[topics/0]\" value=\"Health, care\"", html, StringComparison.Ordinal);
        Assert.Contains("type=\"radio\" id=\"answer-lunch-0\" name=\"Form.Answers[lunch]\" value=\"Yes\"", html, StringComparison.Ordinal);
        Assert.Contains("Choose all that apply.", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.DietaryNeeds\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Form.Organisation\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Form.AccessNeeds\"", html, StringComparison.Ordinal);

        // An in-person event asks for dietary needs only when the organiser turned it on.
        await AddAsync("plain", BuiltInFields.Default);
        var plain = (await HttpPage.GetAsync(_signUps.Client, "/events/plain/register")).Html;
        Assert.DoesNotContain("name=\"Form.DietaryNeeds\"", plain, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.Organisation\"", plain, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.AccessNeeds\"", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_of_every_kind_are_stored_by_key_and_exported_readably()
    {
        await AddAsync("answered", BuiltInFields.Default);
        var fields = new Dictionary<string, string>(SignUpClient.Fields("Ada", "ada@example.org"))
        {
            ["Form.Organisation"] = "Engines Ltd",
            ["Form.DietaryNeeds"] = "Not asked, so not kept",
            ["Form.Answers[role]"] = "=HYPERLINK(\"https://example.org\")",
            ["Form.Answers[story]"] = "One\r\nTwo",
            ["Form.Answers[session]"] = "Afternoon",
            ["Form.Picked[topics/2]"] = "Schools",
            ["Form.Picked[topics/0]"] = "Health, care",
            ["Form.Answers[lunch]"] = "No",
        };

        Assert.Equal("confirmed", SignUpClient.Status(await _signUps.PostAsync("answered", fields)));

        await using var db = await _app.DbFactory.CreateDbContextAsync();
        var saved = await db.Registrations.SingleAsync();
        Assert.Equal("Engines Ltd", saved.Organisation);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["role"] = "=HYPERLINK(\"https://example.org\")",
                ["story"] = "One\nTwo",
                ["session"] = "Afternoon",
                ["topics"] = "Health, care\nSchools",
                ["lunch"] = "No",
            },
            saved.Answers);

        var rows = await ExportAsync(db, "answered");
        Assert.Equal(["Short", "Story", "Session", "Topics", "Lunch?", "Notes"], rows[0][^6..]);
        Assert.Equal(["'=HYPERLINK(\"https://example.org\")", "One\nTwo", "Afternoon", "Health, care; Schools", "No", string.Empty], rows[1][^6..]);
    }

    [Fact]
    public async Task Answers_a_choice_does_not_offer_are_refused_and_required_ones_asked_for()
    {
        await AddAsync("checked", BuiltInFields.Default);
        var fields = new Dictionary<string, string>(SignUpClient.Fields("Ada", "ada@example.org"))
        {
            ["Form.Answers[session]"] = "Evening",
            ["Form.Picked[topics/0]"] = "Health, care",
            ["Form.Picked[topics/1]"] = "Knitting",
            ["Form.Answers[lunch]"] = "Maybe",
        };

        var page = await _signUps.PostAsync("checked", fields);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(SignUpClient.Status(page));
        Assert.Contains("Answer \"Short\".", page.Text, StringComparison.Ordinal);
        Assert.Contains("Choose one of the answers offered for \"Session\".", page.Text, StringComparison.Ordinal);
        Assert.Contains("Choose from the answers offered for \"Topics\".", page.Text, StringComparison.Ordinal);
        Assert.Contains("Choose one of the answers offered for \"Lunch?\".", page.Text, StringComparison.Ordinal);

        // What was ticked stays ticked on the form shown again.
        Assert.Contains("name=\"Form.Picked[topics/0]\" value=\"Health, care\" checked", page.Html, StringComparison.Ordinal);

        fields.Remove("Form.Answers[lunch]");
        Assert.Contains("Choose an answer to \"Lunch?\".", (await _signUps.PostAsync("checked", fields)).Text, StringComparison.Ordinal);
        await using var db = await _app.DbFactory.CreateDbContextAsync();
        Assert.False(await db.Registrations.AnyAsync());
    }

    private Task AddAsync(string slug, BuiltInFields fields) =>
        TestEvents.AddAsync(_app.DbFactory, slug, capacity: 10, July, d => d with
        {
            BuiltInFields = fields,
            Questions =
            [
                EventQuestion.Create("role", "Short", QuestionKind.Text, null, required: true),
                EventQuestion.Create("story", "Story", QuestionKind.LongText, null, required: false),
                EventQuestion.Create("session", "Session", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: false),
                EventQuestion.Create("topics", "Topics", QuestionKind.MultipleChoice, ["Health, care", "Work", "Schools"], required: false),
                EventQuestion.Create("lunch", "Lunch?", QuestionKind.YesNo, null, required: true),
            ],
        });

    private static async Task<List<string[]>> ExportAsync(RegistrationDbContext db, string slug)
    {
        using var output = new MemoryStream();
        Assert.True(await AttendeeExport.WriteAsync(db, slug, output, attendance: false, CancellationToken.None));
        return await AttendeeExportTests.ReadCsvAsync(output.ToArray());
    }
}
