using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Registration.Web.Features.Import;

/// <summary>
/// A Jekyll page split into its YAML front matter and markdown body. Front matter is read leniently, as
/// Jekyll's authors write it: a key given twice keeps both values when they are lists (<c>topics:</c>
/// twice) and the later one otherwise; values are strings, lists or nested maps.
/// </summary>
public sealed class FrontMatter
{
    /// <summary>Real front matter nests two or three levels; reading is recursive, so a hostile page must not nest without end.</summary>
    public const int MaxDepth = 64;

    private readonly Dictionary<string, object?> _values;

    private FrontMatter(Dictionary<string, object?> values, string body)
    {
        _values = values;
        Body = body;
    }

    public string Body { get; }

    /// <summary>Splits and reads a page; returns null with a reason when it has no readable front matter.</summary>
    public static FrontMatter? TryParse(string text, out string? error)
    {
        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimStart('\uFEFF');
        var lines = normalised.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            error = "no front matter (the file must start with a line of ---)";
            return null;
        }

        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() is "---" or "...");
        if (close < 0)
        {
            error = "front matter is not closed by a line of ---";
            return null;
        }

        var yaml = string.Join('\n', lines[1..close]);
        var body = string.Join('\n', lines[(close + 1)..]);
        try
        {
            var values = ReadDocument(yaml);
            error = null;
            return new FrontMatter(values, body);
        }
        catch (TooDeepException)
        {
            error = $"front matter is nested more than {MaxDepth} levels deep";
            return null;
        }
        catch (YamlException ex)
        {
            error = $"front matter is not valid YAML (line {ex.Start.Line + 1}: {ex.Message})";
            return null;
        }
    }

    /// <summary>Whether the page has the key at all, even empty (<c>questions: []</c> says "no questions").</summary>
    public bool Has(string key) => _values.ContainsKey(key);

    /// <summary>A scalar value, trimmed; null when missing, empty or not a scalar.</summary>
    public string? GetString(string key) =>
        _values.TryGetValue(key, out var value) && value is string s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    /// <summary>A list, or a scalar read as a one-item list (or a comma-separated one when <paramref name="splitCommas"/>).</summary>
    public IReadOnlyList<string> GetList(string key, bool splitCommas = false)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return [];
        }

        return value switch
        {
            string s when splitCommas => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            string s => string.IsNullOrWhiteSpace(s) ? [] : [s.Trim()],
            List<object?> list => list.OfType<string>().Select(v => v.Trim()).Where(v => v.Length > 0).ToList(),
            _ => [],
        };
    }

    /// <summary>A list of maps (such as <c>questions:</c>); scalars in the list become maps with only a label.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> GetMaps(string key)
    {
        if (!_values.TryGetValue(key, out var value) || value is not List<object?> list)
        {
            return [];
        }

        return list.Select(item => item switch
        {
            Dictionary<string, object?> map => (IReadOnlyDictionary<string, object?>)map,
            string label => new Dictionary<string, object?> { ["label"] = label },
            _ => new Dictionary<string, object?>(),
        }).ToList();
    }

    private static Dictionary<string, object?> ReadDocument(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        if (parser.Accept<StreamEnd>(out _))
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        parser.Consume<DocumentStart>();
        var root = ReadNode(parser, 0);
        return root as Dictionary<string, object?>
            ?? (root is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : throw new YamlException("front matter must be a list of key: value lines"));
    }

    private static object? ReadNode(IParser parser, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new TooDeepException();
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return scalar.Value;
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var list = new List<object?>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                list.Add(ReadNode(parser, depth + 1));
            }

            return list;
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, depth + 1) as string ?? string.Empty;
                var value = ReadNode(parser, depth + 1);
                map[key] = map.TryGetValue(key, out var earlier) ? Merge(earlier, value) : value;
            }

            return map;
        }

        if (parser.TryConsume<AnchorAlias>(out _))
        {
            return null;
        }

        throw new YamlException(parser.Current?.Start ?? Mark.Empty, parser.Current?.End ?? Mark.Empty, "unexpected YAML content");
    }

    /// <summary>
    /// A repeated list key adds to the list it already has, in place: copying it on every repeat made a
    /// page of many repeats take time growing with the square of their number.
    /// </summary>
    private static object? Merge(object? earlier, object? later)
    {
        switch (earlier, later)
        {
            case (List<object?> a, List<object?> b):
                a.AddRange(b);
                return a;
            case (List<object?> a, string s) when !string.IsNullOrWhiteSpace(s):
                a.Add(s);
                return a;
            case (string s, List<object?> b) when !string.IsNullOrWhiteSpace(s):
                b.Insert(0, s);
                return b;
            default:
                return later is null || (later is string text && string.IsNullOrWhiteSpace(text)) ? earlier : later;
        }
    }

    /// <summary>Thrown before the reader's recursion can exhaust the stack; reported as a reason to skip the page.</summary>
    private sealed class TooDeepException : Exception
    {
        public TooDeepException()
        {
        }

        public TooDeepException(string message)
            : base(message)
        {
        }

        public TooDeepException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
