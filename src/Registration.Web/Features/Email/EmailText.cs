using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Registration.Web.Features.Email;

/// <summary>
/// The plain-text part of an email written as HTML that is already safe (an organiser's markdown, rendered
/// and sanitised): paragraphs, headings and list items on lines of their own, and each link's address
/// after its words, since a plain-text reader cannot follow the words.
/// </summary>
internal static partial class EmailText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table", "figure", "dl", "hr",
    };

    public static string FromHtml(string safeHtml)
    {
        ArgumentNullException.ThrowIfNull(safeHtml);
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var root = document.CreateElement("div");
        root.InnerHtml = safeHtml;
        var text = new StringBuilder();
        WriteChildren(root, text);
        var lines = text.ToString().Split('\n').Select(line => line.Trim());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim().Replace("\n", "\r\n", StringComparison.Ordinal);
    }

    private static void WriteChildren(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText words:
                    text.Append(Spaces().Replace(words.Data, " "));
                    break;
                case IElement element:
                    Write(element, text);
                    break;
            }
        }
    }

    private static void Write(IElement element, StringBuilder text)
    {
        switch (element.LocalName)
        {
            case "br":
                text.Append('\n');
                break;
            case "pre":
                text.Append("\n\n").Append(element.TextContent).Append("\n\n");
                break;
            case "li":
                var list = element.ParentElement;
                text.Append('\n').Append(list?.LocalName == "ol" ? $"{Number(list, element)}. " : "- ");
                WriteChildren(element, text);
                break;
            case "tr" or "dt" or "dd" or "figcaption":
                text.Append('\n');
                WriteChildren(element, text);
                break;
            case "td" or "th":
                WriteChildren(element, text);
                text.Append("  ");
                break;
            case "a":
                WriteChildren(element, text);
                var href = element.GetAttribute("href");
                var address = href?.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) == true ? href["mailto:".Length..] : href;
                if (address is not null and not "#" && !string.Equals(address, element.TextContent.Trim(), StringComparison.Ordinal))
                {
                    text.Append(" (").Append(address).Append(')');
                }

                break;
            case "img":
                text.Append(element.GetAttribute("alt"));
                break;
            case "input":
                // A markdown task list's checkbox.
                text.Append(element.HasAttribute("checked") ? "[x] " : "[ ] ");
                break;
            case "iframe":
                break;
            case var name when Blocks.Contains(name):
                text.Append("\n\n");
                WriteChildren(element, text);
                text.Append("\n\n");
                break;
            default:
                WriteChildren(element, text);
                break;
        }
    }

    private static int Number(IElement list, IElement item) =>
        (int.TryParse(list.GetAttribute("start"), out var start) ? start : 1) + list.Children.TakeWhile(c => c != item).Count(c => c.LocalName == "li");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
