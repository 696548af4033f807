using System.Text.RegularExpressions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Registration.Tests.Support;
using Registration.Web.Features.Events;
using Registration.Web.Infrastructure;

namespace Registration.Tests.Features.Events;

/// <summary>
/// Every page of the organisation's real archive (<c>../shared/corpus/</c> beside the repository, never
/// copied into it) through the renderer: no markup shown as text, no script, frames only from YouTube.
/// </summary>
public sealed partial class MarkdownCorpusTests : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    public void Dispose() => _cache.Dispose();

    [CorpusFact]
    public void Every_page_of_the_real_archive_renders_its_html_safely_and_shows_none_as_text()
    {
        var renderer = new MarkdownRenderer(_cache, Options.Create(new RegistrationOptions()));
        var sanitiser = new HtmlSanitiser(RegistrationOptions.DefaultEmbedHosts);
        var pages = Directory.GetFiles(CorpusFactAttribute.Folder!, "*.md");
        var problems = new List<string>();
        var frames = 0;
        foreach (var path in pages)
        {
            var body = WithoutFrontMatter(File.ReadAllText(path));
            var html = renderer.ToHtml(body);
            var name = Path.GetFileName(path);
            if (EscapedTag().Match(html) is { Success: true } escaped)
            {
                problems.Add($"{name}: markup shown as text: {escaped.Value}");
            }

            // What a browser parses is what was checked: cleaning the output again changes nothing.
            if (sanitiser.Sanitise(html) != html)
            {
                problems.Add($"{name}: reads differently when parsed again");
            }

            if (html.Contains("<script", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{name}: a script");
            }

            foreach (Match frame in Frame().Matches(html))
            {
                frames++;
                if (!frame.Groups[1].Value.StartsWith("https://www.youtube-nocookie.com/embed/", StringComparison.Ordinal))
                {
                    problems.Add($"{name}: a frame from {frame.Groups[1].Value}");
                }
            }

            if (TagInText().IsMatch(MarkdownRenderer.ToPlainText(body)))
            {
                problems.Add($"{name}: a tag in the plain text");
            }
        }

        Assert.True(pages.Length > 100, $"Only {pages.Length} pages in {CorpusFactAttribute.Folder}.");
        Assert.Empty(problems);

        // The archive embeds YouTube videos; if none came through, the embeds were lost, not made safe.
        Assert.True(frames > 0, "No page kept its YouTube embed.");
    }

    private static string WithoutFrontMatter(string page)
    {
        var text = page.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            return text;
        }

        var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
        return end < 0 ? text : text[(end + 4)..];
    }

    [GeneratedRegex(@"&lt;/?[a-zA-Z][a-zA-Z0-9]*")]
    private static partial Regex EscapedTag();

    [GeneratedRegex(@"<iframe[^>]*\ssrc=""([^""]*)""")]
    private static partial Regex Frame();

    [GeneratedRegex(@"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]")]
    private static partial Regex TagInText();
}
