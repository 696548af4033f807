using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Caching.Memory;

namespace Registration.Web.Features.Events;

/// <summary>
/// Renders organisers' markdown safely: raw HTML is shown as text, never as markup, and only web, mail
/// and relative links survive (no <c>javascript:</c>). Rendered pages are cached by their text.
/// </summary>
public sealed partial class MarkdownRenderer(IMemoryCache cache)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseListExtras()
        .UseTaskLists()
        .Build();

    public string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return cache.GetOrCreate(("markdown-html", markdown), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            return Render(markdown);
        })!;
    }

    /// <summary>Plain text of the markdown, for summaries and calendar descriptions.</summary>
    public static string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = Markdown.ToPlainText(WithoutComments(markdown), Pipeline);
        return Spaces().Replace(text, " ").Trim();
    }

    internal static string Render(string markdown)
    {
        var document = Markdown.Parse(WithoutComments(markdown), Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeUrl(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafeUrl(autolink.Url))
            {
                autolink.Url = "#";
            }
        }

        return document.ToHtml(Pipeline);
    }

    private static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.RelativeOrAbsolute, out var uri))
        {
            return false;
        }

        if (uri.IsAbsoluteUri)
        {
            return uri.Scheme is "http" or "https" or "mailto";
        }

        // A relative address may hold a colon only after its path has begun ("/a:b", "?q=a:b").
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var separator = url.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (separator >= 0 && separator < colon);
    }

    // HTML comments (such as the excerpt marker or editor notes) are for authors, not readers.
    internal static string WithoutComments(string markdown) => HtmlComment().Replace(markdown, string.Empty);

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
