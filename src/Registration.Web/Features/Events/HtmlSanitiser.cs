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

    // What browsers strip from both ends of an address (WHATWG URL: C0 controls and space).
    private static readonly char[] C0ControlsAndSpace = [.. Enumerable.Range(0, 0x21).Select(c => (char)c)];

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

    /// <summary>
    /// Safe HTML (from <see cref="Sanitise"/>) with its relative links and images made absolute against
    /// <paramref name="baseUri"/>: in an email there is no page address to read "/assets/map.png" against,
    /// so a mail client would show a dead link or a missing picture.
    /// </summary>
    public static string WithAbsoluteAddresses(string safeHtml, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(safeHtml);
        ArgumentNullException.ThrowIfNull(baseUri);
        var document = NewDocument();
        var root = document.CreateElement("div");
        root.InnerHtml = safeHtml;
        foreach (var (element, attribute) in root.QuerySelectorAll("a[href]").Select(a => (a, "href")).Concat(root.QuerySelectorAll("img[src]").Select(i => (i, "src"))))
        {
            var value = element.GetAttribute(attribute)!;
            // Relative, not "not absolute": on Linux "/assets/map.png" also parses as an absolute file path.
            if (!value.StartsWith('#') && Uri.TryCreate(value, UriKind.Relative, out _) && Uri.TryCreate(baseUri, value, out var absolute))
            {
                element.SetAttribute(attribute, absolute.AbsoluteUri);
            }
        }

        return root.InnerHtml;
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

    /// <summary>
    /// The address as a browser reads it (WHATWG URL): tabs and newlines anywhere and controls or spaces at the
    /// ends are ignored, and for web addresses a backslash is a slash, so <c>//host</c>, <c>/\host</c> and
    /// <c>https:/\host</c> all lead to another site; those are written out as <c>https://host</c> so that they are
    /// treated as the external links they are. Web, mail (when <paramref name="allowMail"/>) and relative
    /// addresses only: null for <c>javascript:</c>, <c>data:</c> or any other scheme.
    /// </summary>
    private static string? SafeUrl(string url, bool allowMail)
    {
        var cleaned = TabOrNewline().Replace(url, string.Empty).Trim().Trim(C0ControlsAndSpace);
        var scheme = Scheme().Match(cleaned);
        if (scheme.Success)
        {
            var name = scheme.Groups[1].Value;
            if (name.Equals("http", StringComparison.OrdinalIgnoreCase) || name.Equals("https", StringComparison.OrdinalIgnoreCase))
            {
                // "https:path" without slashes is read against the page's own address; no author means that. With
                // one slash browsers read a host when the page's scheme differs and a path when it is the same:
                // it is taken as a host, so the link at worst gains rel="noopener".
                var rest = cleaned[scheme.Length..];
                return rest.StartsWith('/') || rest.StartsWith('\\') ? Absolute(name, rest) : null;
            }

            return allowMail && name.Equals("mailto", StringComparison.OrdinalIgnoreCase) ? cleaned : null;
        }

        // Two or more slashes (either way round) before anything else name a host, not a path.
        if (cleaned.Length > 1 && cleaned[0] is '/' or '\\' && cleaned[1] is '/' or '\\')
        {
            return Absolute("https", cleaned);
        }

        // A relative address may hold a colon only after its path has begun ("/a:b", "?q=a:b").
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        var separator = cleaned.IndexOfAny(['/', '\\', '?', '#']);
        if (colon >= 0 && (separator < 0 || separator > colon))
        {
            return null;
        }

        var (path, tail) = SplitPath(cleaned);
        return path.Replace('\\', '/') + tail;
    }

    /// <summary>A web address from its scheme and what follows it, with any slashes before the host made two.</summary>
    private static string? Absolute(string scheme, string rest)
    {
        var (authorityAndPath, tail) = SplitPath(rest);
        var candidate = $"{scheme}://{authorityAndPath.TrimStart('/', '\\').Replace('\\', '/')}{tail}";
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? candidate : null;
    }

    // Backslashes are slashes only before the query or fragment; after them they are data.
    private static (string Path, string Tail) SplitPath(string url)
    {
        var end = url.IndexOfAny(['?', '#']);
        return end < 0 ? (url, string.Empty) : (url[..end], url[end..]);
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
                if (element.GetAttribute("href") is { } href)
                {
                    var safe = SafeUrl(href, allowMail: true);
                    copy.SetAttribute("href", safe ?? "#");
                    if (safe is not null && IsExternal(safe))
                    {
                        copy.SetAttribute("rel", "noopener");
                    }
                }

                CopyAttribute(element, copy, "title");
                break;
            case "img":
                var src = SafeUrl(element.GetAttribute("src") ?? string.Empty, allowMail: false);
                if (string.IsNullOrEmpty(src))
                {
                    return;
                }

                copy.SetAttribute("src", src);
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
        var src = SafeUrl(frame.GetAttribute("src") ?? string.Empty, allowMail: false);
        if (!Uri.TryCreate(src, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return;
        }

        var title = frame.GetAttribute("title")?.Trim();
        if (embedHosts.Contains(uri.Host) && YouTubeEmbedPath().Match(uri.AbsolutePath) is { Success: true } video)
        {
            var embed = document.CreateElement("iframe");
            embed.SetAttribute("src", $"https://{EmbedHost}/embed/{video.Groups[1].Value}{VideoQuery(uri.Query)}");
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

    /// <summary>
    /// Only where the video starts and ends and whether related videos come from its own channel: playing by
    /// itself, muted or looped, hiding its controls, or the share tracker (<c>si</c>) would be the author's
    /// choice imposed on the reader, and this host is used so that nothing tracks a video not yet played.
    /// </summary>
    private static string VideoQuery(string query)
    {
        var kept = query.TrimStart('?').Split('&').Where(parameter => VideoParameter().IsMatch(parameter)).ToList();
        return kept.Count == 0 ? string.Empty : "?" + string.Join('&', kept);
    }

    private static bool IsTaskListCheckbox(IElement element) =>
        element.LocalName == "input"
        && string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase)
        && element.HasAttribute("disabled");

    private static bool IsExternal(string safeUrl) =>
        Uri.TryCreate(safeUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

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

    [GeneratedRegex("[\t\n\r]")]
    private static partial Regex TabOrNewline();

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.\\-]*):")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^\s*text-align:\s*(left|center|right)\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TextAlign();

    [GeneratedRegex(@"^language-[A-Za-z0-9_+\-]+$")]
    private static partial Regex Language();

    [GeneratedRegex(@"^\d{1,4}$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[a-z0-9\-]+(\.[a-z0-9\-]+)+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    [GeneratedRegex(@"^(start|end|rel)=\d{1,6}$")]
    private static partial Regex VideoParameter();

    [GeneratedRegex(@"^/embed/([A-Za-z0-9_\-]+)/?$")]
    private static partial Regex YouTubeEmbedPath();
}
