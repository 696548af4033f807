using Registration.Web.Features.Import;

namespace Registration.Tests.Features.Import;

/// <summary>Jekyll's Liquid and kramdown's forgiveness, turned into plain markdown at import, one construct at a time.</summary>
public sealed class JekyllTextTests
{
    private static readonly JekyllSite Site = new(new Uri("https://old.example.org"), [KeyValuePair.Create("2030-01-01-launch", "the-launch")]);

    [Theory]
    [InlineData("![A](  {{ site.baseurl }}/assets/a.png)", "![A](  https://old.example.org/assets/a.png)")]
    [InlineData("![A]({{site.baseurl}}/assets/a.png)", "![A](https://old.example.org/assets/a.png)")]
    [InlineData("[deck]({{site.url}}/assets/deck.pdf)", "[deck](https://old.example.org/assets/deck.pdf)")]
    [InlineData("[deck]({{ site.url }}{{ site.baseurl }}/assets/deck.pdf)", "[deck](https://old.example.org/assets/deck.pdf)")]
    [InlineData("[deck]({{- site.baseurl -}}/assets/deck.pdf)", "[deck](https://old.example.org/assets/deck.pdf)")]
    [InlineData("[deck]({{ '/assets/deck.pdf' | relative_url }})", "[deck](https://old.example.org/assets/deck.pdf)")]
    public void Site_variables_become_the_old_sites_address(string markdown, string expected)
    {
        var notes = new List<string>();

        Assert.Equal(expected, JekyllText.Clean(markdown, Site, notes));
        Assert.Empty(notes);
    }

    [Fact]
    public void A_site_url_with_a_trailing_slash_or_a_path_is_not_doubled()
    {
        var withSlash = new JekyllSite(new Uri("https://old.example.org/"), []);
        var withPath = new JekyllSite(new Uri("https://example.org/blog/"), [KeyValuePair.Create("2030-01-01-launch", "the-launch")]);

        Assert.Equal("![A](https://old.example.org/a.png)", JekyllText.Clean("![A]({{ site.baseurl }}/a.png)", withSlash, []));
        Assert.Equal("![A](https://example.org/blog/a.png) [b](https://example.org/blog/b)",
            JekyllText.Clean("![A]({{ site.baseurl }}/a.png) [b]({{ site.url }}{{ site.baseurl }}/b)", withPath, []));
        Assert.Equal("[c](https://example.org/blog/c.pdf) [d](https://example.org/d.pdf) [e](/events/the-launch) [f](/events/the-launch)",
            JekyllText.Clean("[c](/blog/c.pdf) [d](/d.pdf) [e](/blog/events/2030-01-01-launch) [f](https://example.org/blog/events/2030-01-01-launch)", withPath, []));
    }

    [Fact]
    public void Without_a_site_url_site_variables_are_empty_and_the_relative_links_are_flagged()
    {
        var notes = new List<string>();

        var text = JekyllText.Clean("![A]({{ site.baseurl }}/assets/a.png)", JekyllSite.None, notes);

        Assert.Equal("![A](/assets/a.png)", text);
        Assert.Contains("/assets/a.png", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Contains("--site-url", notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Other_Liquid_tags_are_removed_and_named_in_a_review_note()
    {
        var notes = new List<string>();

        var text = JekyllText.Clean(
            "Hello {{ page.title | upcase }}.\n\n{% include signup.html form=\"x\" %}\n\n{% comment %}not for readers{% endcomment %}Written {% raw %}{{ as is }}{% endraw %}.",
            Site,
            notes);

        Assert.Equal("Hello .\n\n\n\nWritten {{ as is }}.", text);
        var note = Assert.Single(notes);
        Assert.Contains("{{ page.title | upcase }}", note, StringComparison.Ordinal);
        Assert.Contains("{% include signup.html form=\"x\" %}", note, StringComparison.Ordinal);
        Assert.Contains("{% comment %}", note, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_spread_over_lines_is_removed_whole()
    {
        var text = JekyllText.Clean("Before {% include card.html\n   title=\"x\" %} after", Site, []);

        Assert.Equal("Before  after", text);
    }

    [Theory]
    [InlineData("[a community]((https://example.org/cop)) here", "[a community](https://example.org/cop) here")]
    [InlineData("![Photo of the panel\"](/a.png)", "![Photo of the panel](https://old.example.org/a.png)")]
    [InlineData("![Quoting \"a new direction\"](https://example.org/a.png)", "![Quoting \"a new direction\"](https://example.org/a.png)")]
    [InlineData("[mailto:tim@example.org](get in touch).", "[get in touch](mailto:tim@example.org).")]
    [InlineData("[https://example.org](https://example.org/a b)", "[https://example.org](https://example.org/a%20b)")]
    [InlineData("([PDF]({{ site.baseurl }}/assets/Lab Report 2023.pdf))", "([PDF](https://old.example.org/assets/Lab%20Report%202023.pdf))")]
    [InlineData("[cloud](https://example.org/a b.png \"A title\")", "[cloud](https://example.org/a%20b.png \"A title\")")]
    [InlineData("[our work](example.org/projects/ai)", "[our work](https://example.org/projects/ai)")]
    [InlineData("[the report](report.pdf) and [notes](?tab=t.0)", "[the report](report.pdf) and [notes](?tab=t.0)")]
    public void Slips_kramdown_forgave_read_as_their_author_meant(string markdown, string expected)
    {
        Assert.Equal(expected, JekyllText.Clean(markdown, Site, []));
    }

    [Theory]
    [InlineData("[launch](/events/2030-01-01-launch)", "[launch](/events/the-launch)")]
    [InlineData("[launch]({{site.baseurl}}/events/2030-01-01-launch/)", "[launch](/events/the-launch)")]
    [InlineData("[launch](https://old.example.org/events/2030-01-01-launch#report)", "[launch](/events/the-launch#report)")]
    [InlineData("[launch](http://www.old.example.org/events/launch.html)", "[launch](/events/the-launch)")]
    [InlineData("<a href=\"/events/2030-01-01-launch\">launch</a>", "<a href=\"/events/the-launch\">launch</a>")]
    [InlineData("[launch]: https://old.example.org/events/2030-01-01-launch", "[launch]: /events/the-launch")]
    [InlineData("[other](/events/2029-01-01-elsewhere)", "[other](https://old.example.org/events/2029-01-01-elsewhere)")]
    [InlineData("[other](https://old.example.org/events/2029-01-01-elsewhere)", "[other](https://old.example.org/events/2029-01-01-elsewhere)")]
    [InlineData("[game](/game) <img src=\"/assets/x.png\">", "[game](https://old.example.org/game) <img src=\"https://old.example.org/assets/x.png\">")]
    [InlineData("[them](https://elsewhere.example.org/events/2030-01-01-launch)", "[them](https://elsewhere.example.org/events/2030-01-01-launch)")]
    public void Links_to_the_old_sites_event_pages_point_to_the_events_here(string markdown, string expected)
    {
        Assert.Equal(expected, JekyllText.Clean(markdown, Site, []));
    }

    [Fact]
    public void A_short_name_several_pages_share_names_none_of_them()
    {
        var site = new JekyllSite(null, [KeyValuePair.Create("2030-01-01-meetup", "2030-01-01-meetup"), KeyValuePair.Create("2030-02-01-meetup", "2030-02-01-meetup")]);

        Assert.Equal("[a](/events/2030-02-01-meetup) [b](/events/meetup)", JekyllText.Clean("[a](/events/2030-02-01-meetup) [b](/events/meetup)", site, []));
    }

    [Theory]
    [InlineData("https://old.example.org", true)]
    [InlineData("http://old.example.org/blog/", true)]
    [InlineData("old.example.org", false)]
    [InlineData("ftp://old.example.org", false)]
    [InlineData("https://old.example.org/?x=1", false)]
    public void A_site_url_must_be_a_web_address(string text, bool valid)
    {
        var url = JekyllSite.ParseUrl(text, out var error);

        Assert.Equal(valid, url is not null);
        Assert.Equal(valid, error is null);
    }
}
