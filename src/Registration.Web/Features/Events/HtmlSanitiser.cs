using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Registration.Web.Features.Events;

/// <summary>
/// Keeps the safe part of HTML from organisers' descriptions (and the real archive's pages): an allowlist
/// of structural and formatting elements with a few checked attributes. Everything else is unwrapped (its
/// text stays) or, for elements whose content is code or controls (script, style, forms' fields), dropped
/// with its content. The output is built as a new tree, so nothing the allowlist does not name can pass.
/// </summary>
public sealed partial class HtmlSanitiser
{
    /// <summary>The host every YouTube embed is rewritten to: it sets no cookies until the video is played.</summary>
    public const string EmbedHost = "www.youtube-nocookie.com";

    private static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "em", "strong", "b", "i", "u", "s", "del",
        "sub", "sup", "code", "pre", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "hr", "img",
        "a", "dl", "dt", "dd", "abbr", "mark", "small", "cite", "q",
    };

    // Their content is code, style, hidden markup or a form's field, never reading text.
    private static readonly HashSet<string> DroppedWithContent = new(StringComparer.Ordinal)
    {
        "script", "style", "template", "noscript", "object", "embed", "applet", "input", "select", "textarea", "option",
        "head", "title", "meta", "link", "base", "svg", "math", "frame", "frameset", "noembed", "noframes", "xmp", "plaintext",
    };

    private readonly HashSet<string> embedHosts;

    /// <param name="embedHosts">Hosts (separated by spaces) whose YouTube <c>&lt;iframe&gt;</c> embeds are kept.</param>
    public HtmlSanitiser(string? embedHosts)
    {
        this.embedHosts = new HashSet<string>(
            (embedHosts ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Host names only: an address or a scheme would never match a frame's host, so no video would show.</summary>
    public static bool IsHostList(string? value) =>
        (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).All(host => HostName().IsMatch(host));

    /// <summary>Whether any embed is allowed, so whether the page policy must allow <see cref="EmbedHost"/> frames (<see cref="PublicEventsFeature"/>).</summary>
    public bool AllowsEmbeds => embedHosts.Count > 0;

    public string Sanitise(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = NewDocument();
        var source = document.CreateElement("div");
        source.InnerHtml = html;
        var output = document.CreateElement("div");
        CopyChildren(source, output, document);
        return output.InnerHtml;
    }

    /// <summary>The reading text of an HTML fragment, for summaries: no tags and nothing from script or style.</summary>
    public static string ToText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = NewDocument();
        var root = document.CreateElement("div");
        root.InnerHtml = html;

        // A frame's content is raw text to the parser (markup meant for browsers without frames), so its tags
        // would read as words; the HTML path drops it too, keeping at most a link to the frame's source.
        foreach (var hidden in root.QuerySelectorAll(string.Join(',', DroppedWithContent.Append("iframe"))).ToList())
        {
            hidden.Remove();
        }

        return root.TextContent;
    }

    // A parser per call: AngleSharp's maintainers advise one browsing context (which a parser holds) per
    // thread, and pages are rendered on many at once. Rendered pages are cached, so the cost is paid once.
    private static IDocument NewDocument() => new HtmlParser().ParseDocument("<!DOCTYPE html><html><body></body></html>");

    /// <summary>Web, mail (when <paramref name="allowMail"/>) and relative addresses; no <c>javascript:</c>, <c>data:</c> or other schemes.</summary>
    private static bool IsSafeUrl(string? url, bool allowMail)
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
            return uri.Scheme is "http" or "https" || (allowMail && uri.Scheme == "mailto");
        }

        // A relative address may hold a colon only after its path has begun ("/a:b", "?q=a:b").
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var separator = url.IndexOfAny(['/', '?', '#']);
        return colon < 0 || (separator >= 0 && separator < colon);
    }

    private void CopyChildren(INode from, INode to, IDocument document)
    {
        foreach (var child in from.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    to.AppendChild(document.CreateTextNode(text.Data));
                    break;
                case IElement element:
                    CopyElement(element, to, document);
                    break;

                // Comments and processing instructions are for authors, not readers.
            }
        }
    }

    private void CopyElement(IElement element, INode to, IDocument document)
    {
        var name = element.LocalName;
        if (DroppedWithContent.Contains(name) && !IsTaskListCheckbox(element))
        {
            return;
        }

        if (name == "iframe")
        {
            Embed(element, to, document);
            return;
        }

        // The page's own title is its one h1; a heading in the description is a section of it.
        if (name == "h1")
        {
            name = "h2";
        }

        // A link inside a link (the parser can build one from misnested tables) would be split when the page
        // is read again; its text stays inside the outer link instead.
        if ((!Kept.Contains(name) && name != "input") || (name == "a" && to is IElement parent && parent.Closest("a") is not null))
        {
            CopyChildren(element, to, document);
            return;
        }

        var copy = document.CreateElement(name);
        switch (name)
        {
            case "a":
                var href = element.GetAttribute("href");
                if (href is not null)
                {
                    copy.SetAttribute("href", IsSafeUrl(href, allowMail: true) ? href.Trim() : "#");
                    if (IsExternal(href))
                    {
                        copy.SetAttribute("rel", "noopener");
                    }
                }

                CopyAttribute(element, copy, "title");
                break;
            case "img":
                var src = element.GetAttribute("src");
                if (string.IsNullOrWhiteSpace(src) || !IsSafeUrl(src, allowMail: false))
                {
                    return;
                }

                copy.SetAttribute("src", src.Trim());
                copy.SetAttribute("alt", element.GetAttribute("alt") ?? string.Empty);
                CopyAttribute(element, copy, "title");
                CopyNumber(element, copy, "width");
                CopyNumber(element, copy, "height");
                copy.SetAttribute("loading", "lazy");
                break;
            case "input":
                // Markdown task lists ("- [x] done") render a disabled checkbox: it shows, and can do nothing.
                copy.SetAttribute("type", "checkbox");
                copy.SetAttribute("disabled", "disabled");
                if (element.HasAttribute("checked"))
                {
                    copy.SetAttribute("checked", "checked");
                }

                break;
            case "th" or "td":
                CopyNumber(element, copy, "colspan");
                CopyNumber(element, copy, "rowspan");

                // Markdown tables say a column's alignment with this one style and nothing else.
                if (element.GetAttribute("style") is { } style && TextAlign().Match(style) is { Success: true } align)
                {
                    copy.SetAttribute("style", $"text-align: {align.Groups[1].Value.ToLowerInvariant()};");
                }

                break;
            case "ol":
                CopyNumber(element, copy, "start");
                break;
            case "code":
                // Fenced code names its language as a class; no other class, so no page style can be borrowed.
                if (element.GetAttribute("class") is { } language && Language().IsMatch(language))
                {
                    copy.SetAttribute("class", language);
                }

                break;
            case "abbr":
                CopyAttribute(element, copy, "title");
                break;
        }

        to.AppendChild(copy);
        CopyChildren(element, copy, document);
    }

    /// <summary>
    /// A YouTube embed from an allowed host becomes a sandboxed, lazy youtube-nocookie frame with a title;
    /// any other frame becomes a link to what it showed (when that is a web address), so the reader can open it.
    /// </summary>
    private void Embed(IElement frame, INode to, IDocument document)
    {
        var src = frame.GetAttribute("src")?.Trim() ?? string.Empty;
        if (src.StartsWith("//", StringComparison.Ordinal))
        {
            src = "https:" + src;
        }

        if (!Uri.TryCreate(src, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return;
        }

        var title = frame.GetAttribute("title")?.Trim();
        if (embedHosts.Contains(uri.Host) && YouTubeEmbedPath().Match(uri.AbsolutePath) is { Success: true } video)
        {
            var embed = document.CreateElement("iframe");
            embed.SetAttribute("src", $"https://{EmbedHost}/embed/{video.Groups[1].Value}{uri.Query}");
            embed.SetAttribute("title", string.IsNullOrEmpty(title) ? "Embedded video" : title);
            embed.SetAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation");
            embed.SetAttribute("allow", "encrypted-media; picture-in-picture; fullscreen");
            embed.SetAttribute("loading", "lazy");
            embed.SetAttribute("referrerpolicy", "strict-origin-when-cross-origin");
            CopyNumber(frame, embed, "width");
            CopyNumber(frame, embed, "height");
            to.AppendChild(embed);
            return;
        }

        var paragraph = document.CreateElement("p");
        var link = document.CreateElement("a");
        link.SetAttribute("href", uri.AbsoluteUri);
        link.SetAttribute("rel", "noopener");
        link.TextContent = string.IsNullOrEmpty(title) ? "Open the embedded document" : $"Open the embedded document: {title}";
        paragraph.AppendChild(link);
        to.AppendChild(paragraph);
    }

    private static bool IsTaskListCheckbox(IElement element) =>
        element.LocalName == "input"
        && string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase)
        && element.HasAttribute("disabled");

    private static bool IsExternal(string href) =>
        Uri.TryCreate(href.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static void CopyAttribute(IElement from, IElement to, string name)
    {
        if (from.GetAttribute(name) is { } value)
        {
            to.SetAttribute(name, value);
        }
    }

    private static void CopyNumber(IElement from, IElement to, string name)
    {
        if (from.GetAttribute(name) is { } value && Number().IsMatch(value))
        {
            to.SetAttribute(name, value);
        }
    }

    [GeneratedRegex(@"^\s*text-align:\s*(left|center|right)\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TextAlign();

    [GeneratedRegex(@"^language-[A-Za-z0-9_+\-]+$")]
    private static partial Regex Language();

    [GeneratedRegex(@"^\d{1,4}$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[a-z0-9\-]+(\.[a-z0-9\-]+)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    [GeneratedRegex(@"^/embed/([A-Za-z0-9_\-]+)/?$")]
    private static partial Regex YouTubeEmbedPath();
}
