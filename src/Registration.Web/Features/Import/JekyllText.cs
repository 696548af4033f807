using System.Text.RegularExpressions;

namespace Registration.Web.Features.Import;

/// <summary>
/// What one import knows about the old site: its address (<c>--site-url</c> or <c>Import:SiteUrl</c>), and
/// the event pages it had, by their Jekyll name (the file name without <c>.md</c>), with the slug each has here.
/// </summary>
public sealed partial class JekyllSite
{
    private readonly Dictionary<string, string> _slugsByName = new(StringComparer.OrdinalIgnoreCase);

    public JekyllSite(Uri? url, IEnumerable<KeyValuePair<string, string>> slugsByName)
    {
        ArgumentNullException.ThrowIfNull(slugsByName);
        Url = url;
        var byShortName = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, slug) in slugsByName)
        {
            _slugsByName[name] = slug;
            var shortName = DatePrefix().Replace(name, string.Empty);
            if (shortName != name)
            {
                (byShortName.TryGetValue(shortName, out var slugs) ? slugs : byShortName[shortName] = []).Add(slug);
            }
        }

        // Jekyll may serve 2024-07-18-community-of-practice.md as /events/community-of-practice too; a short
        // name that several pages share (a monthly meeting) names none of them, so it is left alone.
        foreach (var (shortName, slugs) in byShortName)
        {
            if (slugs.Distinct(StringComparer.Ordinal).Count() == 1)
            {
                _slugsByName.TryAdd(shortName, slugs[0]);
            }
        }
    }

    public static JekyllSite None { get; } = new(null, []);

    /// <summary>The old site's address, without a trailing slash in its path; null when not given.</summary>
    public Uri? Url { get; }

    /// <summary><c>{{ site.url }}</c>: scheme, host and port.</summary>
    internal string Origin => Url is null ? string.Empty : Url.GetLeftPart(UriPartial.Authority);

    /// <summary><c>{{ site.baseurl }}</c> given a site URL: the whole address, so <c>{{ site.baseurl }}/assets/x.png</c> works.</summary>
    internal string BaseUrl => Url is null ? string.Empty : Url.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary>An address for the old site, as given to <c>--site-url</c>: absolute http(s), or null with the reason.</summary>
    public static Uri? ParseUrl(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0)
        {
            return url;
        }

        error = $"site URL \"{text}\" is not a web address like https://example.org";
        return null;
    }

    internal string? SlugFor(string name) => _slugsByName.GetValueOrDefault(name);

    /// <summary>Whether an absolute address is on the old site (either scheme, with or without www.).</summary>
    internal bool IsOnSite(Uri address) =>
        Url is not null
        && WithoutWww(address.Host).Equals(WithoutWww(Url.Host), StringComparison.OrdinalIgnoreCase)
        && address.AbsolutePath.StartsWith(Url.AbsolutePath.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);

    private static string WithoutWww(string host) => host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? host[4..] : host;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}-")]
    private static partial Regex DatePrefix();
}

/// <summary>
/// Makes a Jekyll page's markdown mean here what it meant on the old site, once, at import: Liquid's site
/// variables are resolved and its other tags removed (with a review note), links to the old site's own event
/// pages point to the events imported here, and slips that kramdown forgave but CommonMark does not are
/// repaired. Doing this at import keeps the stored text plain markdown that every renderer (page, card,
/// email, calendar) reads the same way; the result depends only on the file and the import, so importing the
/// same files again changes nothing.
/// </summary>
public static partial class JekyllText
{
    private const int MaxTagsNamed = 5;

    public static string Clean(string markdown, JekyllSite site, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(notes);
        var text = ResolveLiquid(markdown, site, notes);
        text = RepairMarkdown(text);
        text = PointLinksHere(text, site, notes);
        return text;
    }

    /// <summary>A front matter value such as <c>image:</c>: only the site variables, which are all such values use.</summary>
    public static string? CleanValue(string? value, JekyllSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return value is null ? null : SiteVariable().Replace(value, m => SiteValue(m, site));
    }

    private static string ResolveLiquid(string text, JekyllSite site, List<string> notes)
    {
        var removed = new List<string>();

        // {% raw %} shows its content as written; {% comment %} hides it.
        var raws = new List<string>();
        text = RawBlock().Replace(text, m =>
        {
            raws.Add(m.Groups["content"].Value);
            return $"\u0001{raws.Count - 1}\u0001";
        });
        text = CommentBlock().Replace(text, m =>
        {
            removed.Add("{% comment %}");
            return string.Empty;
        });

        text = SiteVariable().Replace(text, m => SiteValue(m, site));
        text = UrlFilter().Replace(text, m => Rooted(m.Groups["path"].Value, site));
        text = LiquidTag().Replace(text, m =>
        {
            removed.Add(Spaces().Replace(m.Value, " "));
            return string.Empty;
        });
        text = RawPlaceholder().Replace(text, m => raws[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);

        if (removed.Count > 0)
        {
            var named = removed.Distinct(StringComparer.Ordinal).Select(t => t.Length > 60 ? t[..59] + "…" : t).ToList();
            notes.Add($"Jekyll tags removed from the text, as they mean nothing here: {string.Join(", ", named.Take(MaxTagsNamed))}" +
                (named.Count > MaxTagsNamed ? $" and {named.Count - MaxTagsNamed} more." : "."));
        }

        return text;
    }

    private static string SiteValue(Match m, JekyllSite site) =>
        m.Groups["url"].Success && m.Groups["base"].Success ? site.BaseUrl
        : m.Groups["url"].Success ? site.Origin
        : site.BaseUrl;

    /// <summary><c>{{ "/x" | relative_url }}</c>: the path on the old site, or as written without one.</summary>
    private static string Rooted(string path, JekyllSite site) =>
        site.Url is null ? path : site.BaseUrl + "/" + path.TrimStart('/');

    /// <summary>Slips in the real pages that the old site's kramdown forgave and CommonMark does not.</summary>
    private static string RepairMarkdown(string text)
    {
        // [text]((https://…)): the doubled parentheses would become part of the address.
        text = DoubledParentheses().Replace(text, "](${url})");

        // ![A photo"](…): a closing quote with no opening one is a slip; ![Quoting "a new direction"](…) is whole.
        text = ImageAltStrayQuote().Replace(text, m => m.Groups["alt"].Value.Count(c => c == '"') % 2 == 1
            ? m.Value
            : $"![{m.Groups["alt"].Value}](");

        // [mailto:a@b.org](get in touch): address and text the wrong way round.
        text = ReversedLink().Replace(text, "[${text}](${url})");

        // (…/Data Narrative Design Lab Report.pdf): kramdown took spaces in an address, CommonMark ends the link there.
        text = SpacedAddress().Replace(text, m => $"]({m.Groups["url"].Value.Replace(" ", "%20", StringComparison.Ordinal)}{m.Groups["title"].Value})");

        // [text](example.org/page): a web address without its scheme would be read as a file on this site.
        text = SchemelessAddress().Replace(text, "](https://${url}");
        return text;
    }

    /// <summary>
    /// Root-relative addresses were the old site's; its event pages become the events imported here, the rest
    /// (images, reports) point to the old site when its address is known.
    /// </summary>
    private static string PointLinksHere(string text, JekyllSite site, List<string> notes)
    {
        var relativeLeft = new List<string>();
        text = LinkTarget().Replace(text, m =>
        {
            var target = m.Groups["target"].Value;
            string? path = null;
            if (target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal))
            {
                // Root-relative means from the old site's host, which may hold its base path already.
                var basePath = site.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
                path = basePath.Length > 0 && target.StartsWith(basePath + "/", StringComparison.OrdinalIgnoreCase) ? target[basePath.Length..] : target;
            }
            else if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" && site.IsOnSite(absolute))
            {
                path = absolute.AbsolutePath[site.Url!.AbsolutePath.TrimEnd('/').Length..] + absolute.Query + absolute.Fragment;
            }

            if (path is null)
            {
                return m.Value;
            }

            var page = EventPath().Match(path);
            if (page.Success && site.SlugFor(page.Groups["name"].Value) is { } slug)
            {
                return m.Groups["lead"].Value + "/events/" + slug + page.Groups["rest"].Value;
            }

            if (site.Url is not null)
            {
                return target.StartsWith('/') ? m.Groups["lead"].Value + site.Origin + target : m.Value;
            }

            relativeLeft.Add(target);
            return m.Value;
        });

        if (relativeLeft.Count > 0)
        {
            notes.Add($"Links to the old site's own files ({string.Join(", ", relativeLeft.Distinct(StringComparer.Ordinal).Take(MaxTagsNamed))}) lead nowhere here: import with --site-url to point them to the old site.");
        }

        return text;
    }

    [GeneratedRegex(@"\{%-?\s*raw\s*-?%\}(?<content>.*?)\{%-?\s*endraw\s*-?%\}", RegexOptions.Singleline)]
    private static partial Regex RawBlock();

    [GeneratedRegex("\u0001(\\d+)\u0001")]
    private static partial Regex RawPlaceholder();

    [GeneratedRegex(@"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", RegexOptions.Singleline)]
    private static partial Regex CommentBlock();

    /// <summary><c>{{ site.baseurl }}</c>, <c>{{site.url}}</c>, and the two together, any spacing.</summary>
    [GeneratedRegex(@"(?:(?<url>\{\{-?\s*site\.url\s*-?\}\})\s*(?<base>\{\{-?\s*site\.baseurl\s*-?\}\})?|\{\{-?\s*site\.baseurl\s*-?\}\})")]
    private static partial Regex SiteVariable();

    [GeneratedRegex(@"\{\{-?\s*[""'](?<path>[^""']*)[""']\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}")]
    private static partial Regex UrlFilter();

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex LiquidTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\]\(\((?<url>[^()\s]+)\)\)")]
    private static partial Regex DoubledParentheses();

    [GeneratedRegex(@"!\[(?<alt>[^\[\]]*)""\]\(")]
    private static partial Regex ImageAltStrayQuote();

    [GeneratedRegex(@"(?<!!)\[(?<url>(?:mailto:[^\s\[\]()]+@[^\s\[\]()]+|https?://[^\s\[\]()]+))\]\((?<text>(?![a-z]+:|/)[^()\[\]]*\s[^()\[\]]*)\)", RegexOptions.IgnoreCase)]
    private static partial Regex ReversedLink();

    /// <summary>An inline link's address holding spaces before the closing parenthesis (an optional "title" kept).</summary>
    [GeneratedRegex(@"\]\((?<url>(?:https?://|/)[^\s()""<>]*(?: [^\s()""<>]+)+)(?<title> ""[^""]*"")?\)")]
    private static partial Regex SpacedAddress();

    [GeneratedRegex(@"\]\((?<url>(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s)]*)", RegexOptions.IgnoreCase)]
    private static partial Regex SchemelessAddress();

    /// <summary>A link or image address in markdown (inline or reference definition) or an HTML href/src.</summary>
    [GeneratedRegex(@"(?<lead>\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?|(?:href|src)\s*=\s*[""']?)(?<target>[^\s)""'<>]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^/events/(?<name>[A-Za-z0-9_.-]+?)(?:\.html|/)?(?<rest>[?#].*)?$")]
    private static partial Regex EventPath();
}
