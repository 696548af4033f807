using Microsoft.EntityFrameworkCore;
using Registration.Tests.Support;
using Registration.Web.Domain;
using Registration.Web.Features.Email;
using Registration.Web.Features.Import;

namespace Registration.Tests.Features.Import;

/// <summary>Importing pages written for Jekyll: Liquid resolved, links between pages kept, and again changes nothing.</summary>
public sealed class JekyllImportTests() : DatabaseTests("2030-01-01T12:00:00Z")
{
    private static readonly Uri OldSite = new("https://old.example.org");
    private readonly TempDirectory _pages = new();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _pages.Dispose();
        }
    }

    [Fact]
    public async Task Pages_of_one_import_link_to_each_other_here_and_a_second_import_changes_nothing()
    {
        var folder = Path.Combine(_pages.Path, "events");
        _pages.File("events/2030-03-01-workshop.md", JekyllFixtures.Workshop);
        _pages.File("events/2030-04-01-follow-up.md", JekyllFixtures.FollowUp);

        var first = await Importer().ImportAsync([folder], OldSite);

        Assert.Equal(2, first.Count(ImportOutcome.Created));
        var workshop = await LoadAsync("2030-03-01-workshop");
        Assert.Equal(
            "Read the [follow-up](/events/follow-up-session) and the [report](https://old.example.org/assets/Workshop%20Report.pdf).\n\n" +
            "![The room](https://old.example.org/assets/room.png)\n\nA [community of practice](https://example.org/cop) meets monthly.",
            workshop.Description);
        Assert.Equal("https://old.example.org/assets/workshop.png", workshop.ImageUrl);
        Assert.Contains(workshop.ReviewNotes, n => n.Contains("{% include signup.html %}", StringComparison.Ordinal));
        var followUp = await LoadAsync("follow-up-session");
        Assert.Equal("After the [workshop](/events/2030-03-01-workshop) in March.", followUp.Description);
        Assert.Equal(followUp.Description, followUp.Excerpt);

        var second = await Importer().ImportAsync([folder], OldSite);
        Assert.All(second.Files, f => Assert.Equal(ImportOutcome.Unchanged, f.Outcome));
    }

    [Fact]
    public async Task A_link_to_an_event_imported_before_points_here_and_one_never_imported_to_the_old_site()
    {
        _pages.File("earlier/2030-03-01-workshop.md", JekyllFixtures.Workshop.Replace("{% include signup.html %}", string.Empty, StringComparison.Ordinal));
        await Importer().ImportAsync([Path.Combine(_pages.Path, "earlier")], OldSite);
        var page = _pages.File("later/2030-05-01-third.md", JekyllFixtures.Third);

        await Importer().ImportAsync([page], OldSite);

        Assert.Equal(
            "After the [workshop](/events/2030-03-01-workshop) and before [the next one](https://old.example.org/events/2030-06-01-next).",
            (await LoadAsync("2030-05-01-third")).Description);
    }

    [Fact]
    public async Task Without_a_site_url_the_old_sites_files_stay_relative_with_a_review_note()
    {
        var page = _pages.File("2030-03-01-workshop.md", JekyllFixtures.Workshop);

        await Importer().ImportAsync([page]);

        var ev = await LoadAsync("2030-03-01-workshop");
        Assert.Contains("![The room](/assets/room.png)", ev.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", ev.Description, StringComparison.Ordinal);
        Assert.Contains(ev.ReviewNotes, n => n.Contains("--site-url", StringComparison.Ordinal));
    }

    /// <summary>Every page of the organisation's real archive, read from ../shared/corpus/ when it is there.</summary>
    [CorpusFact]
    public async Task The_real_archive_imports_with_no_Liquid_left_and_again_changes_nothing()
    {
        var corpus = CorpusFactAttribute.Folder!;
        var withLiquid = Directory.EnumerateFiles(corpus, "*.md").Count(f => File.ReadAllText(f).Contains("{{", StringComparison.Ordinal) || File.ReadAllText(f).Contains("{%", StringComparison.Ordinal));
        Assert.True(withLiquid > 0, "the archive has pages with Liquid to resolve");

        var first = await Importer().ImportAsync([corpus], new Uri("https://connectedbydata.org"));

        Assert.Equal(0, first.Count(ImportOutcome.Skipped));
        await using (var db = Database.Open())
        {
            var events = await db.Events.ToListAsync();
            Assert.Equal(first.Files.Count, events.Count);
            Assert.All(events, e => Assert.DoesNotContain("{{", e.Description, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain("{%", e.Description, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain("](((", e.Description, StringComparison.Ordinal));
            Assert.All(events, e => Assert.DoesNotContain("connectedbydata.org/events/20", e.Description, StringComparison.Ordinal));
            Assert.Contains(events, e => e.Description.Contains("](/events/2024-07-18-community-of-practice)", StringComparison.Ordinal));
            // A link CommonMark could not read shows its brackets to the reader.
            var unread = events.Select(e => Markdig.Markdown.ToPlainText(e.Description)).Where(text => text.Contains("](", StringComparison.Ordinal));
            Assert.Equal(string.Empty, string.Join("\n", unread));
        }

        var second = await Importer().ImportAsync([corpus], new Uri("https://connectedbydata.org"));
        Assert.Equal(0, second.Count(ImportOutcome.Created));
        Assert.Equal(0, second.Count(ImportOutcome.Updated));
    }

    private EventImporter Importer() => new(Database.Factory, new EventNotices(Database.Factory, Links, Clock), Clock, Database.Options);

    private async Task<Event> LoadAsync(string slug)
    {
        await using var db = Database.Open();
        return await db.Events.SingleAsync(e => e.Slug == slug);
    }
}
