using Registration.Web.Features.Events;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Features.Events;

public class HtmlSanitiserTests
{
    private readonly HtmlSanitiser _sanitiser = new(RegistrationOptions.DefaultEmbedHosts);

    [Theory]
    [InlineData("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>")]
    [InlineData("<p>a<style>p{display:none}</style>b</p>", "<p>ab</p>")]
    [InlineData("<img src=\"https://example.org/a.png\" alt=\"A\" onerror=\"alert(1)\">", "<img src=\"https://example.org/a.png\" alt=\"A\" loading=\"lazy\">")]
    [InlineData("<p onclick=\"alert(1)\" style=\"position:fixed\" class=\"btn\">x</p>", "<p>x</p>")]
    [InlineData("<form action=\"https://evil.example\"><label>Name <input name=\"n\"></label><button>Send</button></form>", "Name Send")]
    [InlineData("<object data=\"x.swf\">fallback</object><embed src=\"x.swf\">", "")]
    [InlineData("<marquee>Hello <blink>there</blink></marquee>", "Hello there")]
    [InlineData("<div><span>kept text</span></div>", "kept text")]
    [InlineData("<h1>Section</h1>", "<h2>Section</h2>")]
    [InlineData("<table><thead><tr><th style=\"text-align: right;\">N</th></tr></thead><tbody><tr><td style=\"color:red\" colspan=\"2\">1</td></tr></tbody></table>",
        "<table><thead><tr><th style=\"text-align: right;\">N</th></tr></thead><tbody><tr><td colspan=\"2\">1</td></tr></tbody></table>")]
    [InlineData("<figure><img src=\"/images/a.jpg\" alt=\"\"><figcaption>Cap</figcaption></figure>", "<figure><img src=\"/images/a.jpg\" alt=\"\" loading=\"lazy\"><figcaption>Cap</figcaption></figure>")]
    [InlineData("<ul><li><em>a</em> <strong>b</strong> <code>c</code></li></ul><blockquote>q</blockquote><hr><br>", "<ul><li><em>a</em> <strong>b</strong> <code>c</code></li></ul><blockquote>q</blockquote><hr><br>")]
    [InlineData("<!-- note -->text", "text")]
    [InlineData("1 &lt; 2 &amp; <b>3</b>", "1 &lt; 2 &amp; <b>3</b>")]
    [InlineData("<p>&lt;/p&gt;&lt;script&gt;x</p>", "<p>&lt;/p&gt;&lt;script&gt;x</p>")]
    [InlineData("<svg><script>alert(1)</script><a href=\"https://a.example/\">svg link</a></svg>x", "x")]
    [InlineData("<math><mi><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mi></math>x", "x")]
    [InlineData("<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"><link rel=\"stylesheet\" href=\"x.css\">x", "x")]
    [InlineData("<p id=\"login\" name=\"x\"><a name=\"top\" id=\"y\" target=\"_top\">t</a></p>", "<p><a>t</a></p>")]
    public void Keeps_structure_and_drops_the_rest(string html, string expected)
    {
        Assert.Equal(expected, _sanitiser.Sanitise(html));
    }

    [Theory]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\" JaVaScRiPt:alert(1)\">x</a>")]
    [InlineData("<a href=\"jav&#x09;ascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html,hi\">x</a>")]
    [InlineData("<a href=\"vbscript:msgbox\">x</a>")]
    public void A_script_link_is_neutralised(string html)
    {
        Assert.Equal("<a href=\"#\">x</a>", _sanitiser.Sanitise(html));
    }

    [Theory]
    [InlineData("<a href=\"https://example.org/a\" target=\"_blank\">x</a>", "<a href=\"https://example.org/a\" rel=\"noopener\">x</a>")]
    [InlineData("<a href=\"http://example.org/a\">x</a>", "<a href=\"http://example.org/a\" rel=\"noopener\">x</a>")]
    [InlineData("<a href=\"/ai-in-education/\">x</a>", "<a href=\"/ai-in-education/\">x</a>")]
    [InlineData("<a href=\"mailto:a@example.org\">x</a>", "<a href=\"mailto:a@example.org\">x</a>")]
    [InlineData("<a href=\"#top\" rel=\"opener\">x</a>", "<a href=\"#top\">x</a>")]
    public void Links_keep_safe_targets_and_external_ones_do_not_get_the_opener(string html, string expected)
    {
        Assert.Equal(expected, _sanitiser.Sanitise(html));
    }

    // Browsers read a backslash as a slash in web addresses and "//host" as another site: so must the sanitiser.
    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("\\\\evil.example/x")]
    [InlineData("/\\evil.example/x")]
    [InlineData("\\/evil.example/x")]
    [InlineData("///evil.example/x")]
    [InlineData("https:/\\evil.example/x")]
    [InlineData("https:\\\\evil.example/x")]
    [InlineData("https:/evil.example/x")]
    [InlineData("https:///evil.example/x")]
    [InlineData("HTTPS://evil.example/x")]
    [InlineData("ht&#x09;tps://evil.example/x")]
    [InlineData("htt&#x0A;ps:&#x0D;//evil.example/x")]
    [InlineData("/&#x09;/evil.example/x")]
    [InlineData("&#x01; //evil.example/x&#x1F;")]
    [InlineData(" \\\\evil.example\\x")]
    public void A_link_to_another_site_in_any_spelling_is_external(string href)
    {
        var html = _sanitiser.Sanitise($"<a href=\"{href}\">x</a><img src=\"{href}\" alt=\"\">");

        Assert.Matches("^<a href=\"(?i:https)://evil\\.example/x\" rel=\"noopener\">x</a><img src=\"(?i:https)://evil\\.example/x\" alt=\"\" loading=\"lazy\">$", html);
    }

    [Theory]
    [InlineData("https:evil.example/x")]
    [InlineData("//")]
    [InlineData("https:\\\\")]
    [InlineData("java&#x09;script:alert(1)")]
    [InlineData("&#x01;javascript:alert(1)")]
    public void A_web_address_with_no_host_or_another_scheme_is_no_link(string href)
    {
        Assert.Equal("<a href=\"#\">x</a>", _sanitiser.Sanitise($"<a href=\"{href}\">x</a><img src=\"{href}\" alt=\"\">"));
    }

    [Theory]
    [InlineData("\\events\\a?q=a\\b", "/events/a?q=a\\b")]
    [InlineData("events\\a#x", "events/a#x")]
    [InlineData("/a:b", "/a:b")]
    public void A_relative_link_reads_its_backslashes_as_slashes_like_a_browser(string href, string expected)
    {
        Assert.Equal($"<a href=\"{expected}\">x</a>", _sanitiser.Sanitise($"<a href=\"{href}\">x</a>"));
    }

    [Theory]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=\"x\">")]
    [InlineData("<img src=\"javascript:alert(1)\" alt=\"x\">")]
    [InlineData("<img src=\"mailto:a@example.org\" alt=\"x\">")]
    [InlineData("<img alt=\"x\">")]
    public void An_image_from_anywhere_but_the_web_is_dropped(string html)
    {
        Assert.Equal(string.Empty, _sanitiser.Sanitise(html));
    }

    [Theory]
    [InlineData("https://www.youtube.com/embed/dQw4w9WgXcQ?start=30")]
    [InlineData("//youtube.com/embed/dQw4w9WgXcQ?start=30")]
    [InlineData("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30")]
    public void A_YouTube_frame_is_rewritten_to_youtube_nocookie_with_a_title_and_a_sandbox(string src)
    {
        var html = _sanitiser.Sanitise($"<iframe width=\"560\" height=\"315\" src=\"{src}\" frameborder=\"0\" allow=\"autoplay\" onload=\"alert(1)\" allowfullscreen></iframe>");

        Assert.Equal(
            "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30\" title=\"Embedded video\" "
            + "sandbox=\"allow-scripts allow-same-origin allow-presentation\" allow=\"encrypted-media; picture-in-picture; fullscreen\" "
            + "loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\" width=\"560\" height=\"315\"></iframe>",
            html);
    }

    [Theory]
    [InlineData("?autoplay=1&mute=1&loop=1&playlist=dQw4w9WgXcQ&start=30", "?start=30")]
    [InlineData("?si=A9WyXHzcS3q1_mhR&amp;start=745&amp;end=800&amp;rel=0", "?start=745&amp;end=800&amp;rel=0")]
    [InlineData("?si=vxbNeCoC68qzIHv7", "")]
    [InlineData("?start=javascript:x&controls=0&cc_load_policy=1&enablejsapi=1&origin=https://evil.example", "")]
    [InlineData("", "")]
    public void A_YouTube_frame_keeps_only_where_it_starts_and_ends_and_which_videos_follow(string query, string kept)
    {
        var html = _sanitiser.Sanitise($"<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ{query}\"></iframe>");

        Assert.Contains($"src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ{kept}\" ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_keeps_its_own_title()
    {
        Assert.Contains("title=\"Our launch\"", _sanitiser.Sanitise("<iframe title=\"Our launch\" src=\"https://www.youtube.com/embed/abc\"></iframe>"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<iframe src=\"https://docs.google.com/document/d/e/X/pub?embedded=true\"></iframe>", "<p><a href=\"https://docs.google.com/document/d/e/X/pub?embedded=true\" rel=\"noopener\">Open the embedded document</a></p>")]
    [InlineData("<iframe src=\"https://evil.example/embed/abc\" title=\"Slides\"></iframe>", "<p><a href=\"https://evil.example/embed/abc\" rel=\"noopener\">Open the embedded document: Slides</a></p>")]
    [InlineData("<iframe src=\"https://www.youtube.com.evil.example/embed/abc\"></iframe>", "<p><a href=\"https://www.youtube.com.evil.example/embed/abc\" rel=\"noopener\">Open the embedded document</a></p>")]
    [InlineData("<iframe src=\"https://www.youtube.com/watch?v=abc\"></iframe>", "<p><a href=\"https://www.youtube.com/watch?v=abc\" rel=\"noopener\">Open the embedded document</a></p>")]
    [InlineData("<iframe src=\"javascript:alert(1)\"></iframe>", "")]
    [InlineData("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>", "")]
    public void Any_other_frame_becomes_a_link_to_its_source_or_nothing(string html, string expected)
    {
        Assert.Equal(expected, _sanitiser.Sanitise(html));
    }

    [Fact]
    public void Without_embed_hosts_a_YouTube_frame_is_a_link_too()
    {
        var html = new HtmlSanitiser(string.Empty).Sanitise("<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>");

        Assert.Equal("<p><a href=\"https://www.youtube.com/embed/abc\" rel=\"noopener\">Open the embedded document</a></p>", html);
    }

    [Theory]
    [InlineData(RegistrationOptions.DefaultEmbedHosts, true)]
    [InlineData("", true)]
    [InlineData("  www.youtube.com  ", true)]
    [InlineData("https://www.youtube.com", false)]
    [InlineData("www.youtube.com/embed", false)]
    [InlineData("localhost", false)]
    [InlineData("www.youtube.com,youtube.com", false)]
    public void The_embed_setting_takes_host_names_only(string value, bool valid)
    {
        Assert.Equal(valid, HtmlSanitiser.IsHostList(value));
    }

    [Fact]
    public void An_embedded_post_keeps_its_quote_and_link_and_loses_its_script()
    {
        var html = _sanitiser.Sanitise(
            "<blockquote class=\"twitter-tweet\"><p lang=\"en\" dir=\"ltr\">Data should work for everyone <a href=\"https://t.co/abc\">pic</a></p>"
            + "&mdash; Connected by Data (@ConnectedByData) <a href=\"https://twitter.com/ConnectedByData/status/1?ref_src=twsrc%5Etfw\">March 8, 2022</a></blockquote> "
            + "<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>");

        Assert.Equal(
            "<blockquote><p>Data should work for everyone <a href=\"https://t.co/abc\" rel=\"noopener\">pic</a></p>"
            + "— Connected by Data (@ConnectedByData) <a href=\"https://twitter.com/ConnectedByData/status/1?ref_src=twsrc%5Etfw\" rel=\"noopener\">March 8, 2022</a></blockquote> ",
            html);
    }

    [Fact]
    public void A_task_list_keeps_its_disabled_checkbox_but_no_other_field()
    {
        Assert.Equal(
            "<ul><li><input type=\"checkbox\" disabled=\"disabled\" checked=\"checked\"> done</li></ul>",
            _sanitiser.Sanitise("<ul><li><input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\" onclick=\"x()\" /> done<input type=\"checkbox\"></li></ul>"));
    }

    // Markup that browsers and parsers have read differently (mutation XSS): whatever the reading, no handler survives.
    [Theory]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>x")]
    [InlineData("<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(1)>")]
    [InlineData("<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">")]
    [InlineData("<a href=\"https://a.example/\"><table><a href=\"javascript:alert(1)\">x</a></table></a>")]
    public void Parser_tricks_leave_no_handler_and_no_script(string html)
    {
        var clean = _sanitiser.Sanitise(html);

        Assert.DoesNotMatch(@"<[^>]*\son\w+=", clean);
        Assert.DoesNotContain("javascript:", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", clean, StringComparison.OrdinalIgnoreCase);

        // Whatever came out reads the same when parsed again, so a browser sees what was checked.
        Assert.Equal(clean, _sanitiser.Sanitise(clean));
    }

    [Fact]
    public void Quotes_in_a_kept_attribute_cannot_close_it()
    {
        var html = _sanitiser.Sanitise("<a href=\"https://a.example/\" title='\" onmouseover=\"alert(1)'>x</a>");

        Assert.Equal("<a href=\"https://a.example/\" rel=\"noopener\" title=\"&quot; onmouseover=&quot;alert(1)\">x</a>", html);
    }

    [Fact]
    public void Pages_render_on_many_threads_at_once()
    {
        const string Page = "<p>Hello <a href=\"https://a.example/\">there</a></p><iframe src=\"https://www.youtube.com/embed/abc\"></iframe>";
        var expected = _sanitiser.Sanitise(Page);

        var results = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 400, _ => results.Add(_sanitiser.Sanitise(Page)));

        Assert.All(results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Text_has_no_tags_and_nothing_from_scripts()
    {
        Assert.Equal("See AI in education and more", HtmlSanitiser.ToText("See <a href=\"/ai-in-education/\">AI in education</a><script>alert(1)</script> and <style>x</style>more"));
    }

    // Raw-text and hidden elements: the parser reads their content as text, so it must not reach a summary.
    [Theory]
    [InlineData("iframe")]
    [InlineData("noembed")]
    [InlineData("noframes")]
    [InlineData("noscript")]
    [InlineData("xmp")]
    [InlineData("textarea")]
    [InlineData("title")]
    [InlineData("template")]
    [InlineData("script")]
    [InlineData("style")]
    public void Text_drops_what_raw_text_elements_hold(string element)
    {
        var html = $"See <{element}><b>bold tag</b> <img src=x onerror=alert(1)></{element}> here.";

        Assert.Equal("See  here.", HtmlSanitiser.ToText(html));
        Assert.Equal("See  here.", _sanitiser.Sanitise(html));
    }

    [Fact]
    public void Text_drops_everything_after_plaintext_as_the_page_does()
    {
        Assert.Equal("See ", HtmlSanitiser.ToText("See <plaintext><b>bold tag</b> here."));
        Assert.Equal("See ", _sanitiser.Sanitise("See <plaintext><b>bold tag</b> here."));
    }
}
