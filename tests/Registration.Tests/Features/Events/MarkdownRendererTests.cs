using Registration.Web.Features.Events;

namespace Registration.Tests.Features.Events;

public class MarkdownRendererTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("[x](javascript:alert(1))", "<a href=\"#\">x</a>")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "<a href=\"#\">x</a>")]
    [InlineData("[x](data:text/html,hi)", "<a href=\"#\">x</a>")]
    [InlineData("![x](https://example.org/a.png \"t\" onerror=\"alert(1)\")", "onerror")]
    [InlineData("[x](/events/a:b)", "<a href=\"/events/a:b\">x</a>")]
    [InlineData("[x](https://example.org/?q=a:b)", "<a href=\"https://example.org/?q=a:b\">x</a>")]
    [InlineData("[mail](mailto:adam@example.org)", "<a href=\"mailto:adam@example.org\">mail</a>")]
    public void Markup_and_script_links_do_not_survive(string markdown, string expected)
    {
        var html = MarkdownRenderer.Render(markdown);

        if (expected == "onerror")
        {
            Assert.DoesNotContain("onerror=\"", html, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(expected, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_such_as_the_excerpt_marker_are_not_shown()
    {
        var html = MarkdownRenderer.Render("Intro\n\n<!--more-->\n\n<!-- Output copied\nto clipboard -->\n\nRest");

        Assert.Equal("<p>Intro</p>\n<p>Rest</p>\n", html);
    }

    [Fact]
    public void Plain_text_drops_the_markdown()
    {
        Assert.Equal("Join us on Zoom today.", MarkdownRenderer.ToPlainText("Join **us** on [Zoom](https://zoom.us) _today_."));
    }
}
