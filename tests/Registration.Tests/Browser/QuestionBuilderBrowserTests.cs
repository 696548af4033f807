using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Registration.Tests.Support;
using Registration.Web.Data;
using Registration.Web.Domain;
using Registration.Web.Features.Organisers;

namespace Registration.Tests.Browser;

/// <summary>
/// An organiser builds the sign-up form in the editor, someone answers it, the organiser rewords a
/// question, and the CSV still holds the answer, under the new wording.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class QuestionBuilderBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Rename_a_question_label_and_the_earlier_answers_are_still_in_the_csv()
    {
        const string slug = "question-builder";
        var dbFactory = fixture.Services.GetRequiredService<IDbContextFactory<RegistrationDbContext>>();
        await TestEvents.AddAsync(dbFactory, slug, 20, DateTime.UtcNow.AddDays(30).Date.AddHours(10));
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrganiserAccounts>().CreateAsync("builder@example.org", OrganiserClient.Password);
        }

        await using var organiser = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var page = await organiser.NewPageAsync();
        await BrowserSignIn.SignInAsync(page, $"/organiser/events/{slug}/edit", "builder@example.org");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add a question" });
        await Assertions.Expect(add).ToBeEnabledAsync(new() { Timeout = 15000 });

        // Dietary needs start off, even for this in-person event; the organiser turns them on.
        await Assertions.Expect(page.GetByLabel("Dietary needs (optional for them)")).Not.ToBeCheckedAsync();
        await page.GetByLabel("Dietary needs (optional for them)").CheckAsync();

        await add.ClickAsync();
        var first = page.GetByRole(AriaRole.Group, new() { Name = "Question 1", Exact = true });
        await Assertions.Expect(first.GetByLabel("Question", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Which topics?");
        await first.GetByLabel("Type of answer").SelectOptionAsync("Any of several options");
        await first.GetByLabel("Options, one a line").FillAsync("Health, care\nWork");

        await add.ClickAsync();
        var second = page.GetByRole(AriaRole.Group, new() { Name = "Question 2", Exact = true });
        await second.GetByLabel("Question", new() { Exact = true }).FillAsync("Your role");
        await second.GetByLabel("Must be answered").CheckAsync();

        // Moved by keyboard: the focus stays with the question that moved.
        await second.GetByRole(AriaRole.Button, new() { Name = "Move up question 2" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "\"Your role\" is now question 1 of 2." })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move down question 1" })).ToBeFocusedAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByText("Answers are kept under \"your-role\"")).ToBeVisibleAsync();

        // Someone registers, answering both questions.
        await using var visitor = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseUri.ToString() });
        var form = await visitor.NewPageAsync();
        await form.GotoAsync($"/events/{slug}/register");
        await form.GetByLabel("Full name").FillAsync("Mary Somerville");
        await form.GetByLabel("Email address").FillAsync("mary@example.org");
        await form.GetByLabel("Your role").FillAsync("Astronomer");
        await form.GetByLabel("Health, care").CheckAsync();
        await form.GetByLabel("Work", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Dietary needs (optional)").FillAsync("Vegetarian");
        await form.GetByLabel("I agree").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(form.Locator("[data-registration-status]")).ToHaveAttributeAsync("data-registration-status", "confirmed");

        // The organiser rewords the question.
        await page.ReloadAsync();
        var renamed = page.GetByRole(AriaRole.Group, new() { Name = "Question 1", Exact = true }).GetByLabel("Question", new() { Exact = true });
        await Assertions.Expect(renamed).ToBeEnabledAsync(new() { Timeout = 15000 });
        await Assertions.Expect(renamed).ToHaveValueAsync("Your role");
        await renamed.FillAsync("Job title");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToHaveCountAsync(1);

        var csv = await (await organiser.APIRequest.GetAsync($"organiser/events/{slug}/attendees.csv")).TextAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n");
        Assert.EndsWith(",Access needs,Dietary needs,Job title,Which topics?,Notes", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",Vegetarian,Astronomer,\"Health, care; Work\",", lines.Single(l => l.StartsWith("Mary Somerville,", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
