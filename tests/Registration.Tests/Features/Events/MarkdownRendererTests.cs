using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Registration.Web.Features.Events;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Features.Events;

public sealed class MarkdownRendererTests : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());
    private readonly MarkdownRenderer _renderer;

    public MarkdownRendererTests() => _renderer = new MarkdownRenderer(_cache, Options.Create(new RegistrationOptions()));

    public void Dispose() => _cache.Dispose();

    // Raw HTML is now kept where it is safe (issue 10), so a script is removed rather than shown as text.
    [Theory]
    [InlineData("<script>alert(1)</script>\n\nafter", "<p>after</p>")]
    [InlineData("a <script>alert(1)</script> b", "<p>a  b</p>")]
    [InlineData("<img src=x onerror=alert(1)>", "<img src=\"x\" alt=\"\" loading=\"lazy\">")]
    [InlineData("[x](javascript:alert(1))", "<a href=\"#\">x</a>")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "<a href=\"#\">x</a>")]
    [InlineData("[x](data:text/html,hi)", "<a href=\"#\">x</a>")]
    [InlineData("![x](https://example.org/a.png \"t\" onerror=\"alert(1)\")", "onerror")]
    [InlineData("[x](/events/a:b)", "<a href=\"/events/a:b\">x</a>")]
    [InlineData("[x](https://example.org/?q=a:b)", "<a href=\"https://example.org/?q=a:b\" rel=\"noopener\">x</a>")]
    [InlineData("[mail](mailto:adam@example.org)", "<a href=\"mailto:adam@example.org\">mail</a>")]
    public void Markup_and_script_links_do_not_survive(string markdown, string expected)
    {
        var html = _renderer.Render(markdown);

        // The broken image is shown as its text, which is harmless; what matters is that no tag has the handler.
        if (expected != "onerror")
        {
            Assert.Contains(expected, html, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"<[^>]*\sonerror", html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Comments_such_as_the_excerpt_marker_are_not_shown()
    {
        var html = _renderer.Render("Intro\n\n<!--more-->\n\n<!-- Output copied\nto clipboard -->\n\nRest");

        Assert.Equal("<p>Intro</p>\n<p>Rest</p>\n", html);
    }

    [Fact]
    public void Html_in_markdown_is_kept_where_safe()
    {
        var html = _renderer.Render("Watch **this**:<br>\n\n<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>\n\nand <a href=\"/ai-in-education/\" onclick=\"x()\">read</a>.");

        Assert.Equal(
            "<p>Watch <strong>this</strong>:<br></p>\n<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Embedded video\" "
            + "sandbox=\"allow-scripts allow-same-origin allow-presentation\" allow=\"encrypted-media; picture-in-picture; fullscreen\" "
            + "loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>\n<p>and <a href=\"/ai-in-education/\">read</a>.</p>\n",
            html);
    }

    [Fact]
    public void The_page_is_rendered_once_and_then_served_from_the_cache()
    {
        var first = _renderer.ToHtml("Hello <b>there</b>");

        Assert.Same(first, _renderer.ToHtml("Hello <b>there</b>"));
        Assert.Equal("<p>Hello <b>there</b></p>\n", first);
    }

    [Fact]
    public void The_editors_preview_is_the_same_html_and_keeps_nothing()
    {
        var typed = new[] { "H", "He", "Hel", "Hello **there**" }.Select(_renderer.Preview).ToList();

        Assert.Equal("<p>Hello <strong>there</strong></p>\n", typed[^1]);
        Assert.Equal(0, _cache.Count);
        Assert.NotSame(typed[^1], _renderer.Preview("Hello **there**"));
        Assert.Equal(_renderer.ToHtml("Hello **there**"), typed[^1]);
        Assert.Equal(1, _cache.Count);
    }

    [Fact]
    public void Plain_text_drops_the_markdown()
    {
        Assert.Equal("Join us on Zoom today.", MarkdownRenderer.ToPlainText("Join **us** on [Zoom](https://zoom.us) _today_."));

        // A card's summary of a page written in HTML shows its words, never its tags.
        Assert.Equal("Read about AI in education.", MarkdownRenderer.ToPlainText("Read about <a href=\"/ai-in-education/\">AI in education</a>.<script>alert(1)</script>"));
    }

    [Fact]
    public void Plain_text_drops_the_raw_text_a_frame_holds()
    {
        Assert.Equal("See here.", MarkdownRenderer.ToPlainText("See <iframe><b>bold tag</b> <img src=x onerror=alert(1)></iframe> here."));
    }
}
