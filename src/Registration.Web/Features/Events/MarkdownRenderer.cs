using System.Text.RegularExpressions;
using Markdig;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Events;

/// <summary>
/// Renders organisers' markdown with the HTML in it, then keeps only the safe part of that HTML
/// (<see cref="HtmlSanitiser"/>): formatting, web, mail and relative links, images and YouTube embeds, never
/// script. Published descriptions are cached by their text (<see cref="ToHtml"/>); the editor's preview
/// (<see cref="Preview"/>) is not, or every pause in typing would keep a copy of the whole text.
/// </summary>
public sealed partial class MarkdownRenderer(IMemoryCache cache, IOptions<RegistrationOptions> options)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseListExtras()
        .UseTaskLists()
        .Build();

    private readonly HtmlSanitiser sanitiser = new(options.Value.EmbedHosts);

    public string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return cache.GetOrCreate(("markdown-html", markdown), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            return Render(markdown);
        })!;
    }

    /// <summary>The same HTML as <see cref="ToHtml"/>, rendered afresh and kept nowhere: text still being written.</summary>
    public string Preview(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return Render(markdown);
    }

    /// <summary>
    /// The same HTML for an email: rendered afresh (each message is its own text) and with relative links
    /// and images made absolute against the site's public address, <paramref name="baseUri"/>.
    /// </summary>
    public string ForEmail(string markdown, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return HtmlSanitiser.WithAbsoluteAddresses(Render(markdown), baseUri);
    }

    /// <summary>Plain text of the markdown, for summaries and calendar descriptions: the words, never a tag.</summary>
    public static string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = HtmlSanitiser.ToText(Markdown.ToHtml(WithoutComments(markdown), Pipeline));
        return Spaces().Replace(text, " ").Trim();
    }

    internal string Render(string markdown) => sanitiser.Sanitise(Markdown.ToHtml(WithoutComments(markdown), Pipeline));

    // HTML comments (such as the excerpt marker or editor notes) are for authors, not readers.
    internal static string WithoutComments(string markdown) => HtmlComment().Replace(markdown, string.Empty);

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
