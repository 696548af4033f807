namespace Registration.Web.Domain;

/// <summary>
/// Which lines of a markdown text sit inside a fenced code block (<c>```</c> or <c>~~~</c>, as CommonMark
/// opens and closes them). Code is an example the author shows as written: nothing in it is read as a
/// fact about the event, and nothing in it is hidden.
/// </summary>
public static class FencedCode
{
    /// <summary>Each line of <paramref name="text"/> (split on '\n') and whether it is part of a fenced block, fences included.</summary>
    public static IEnumerable<(string Line, bool InCode)> Lines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char? fence = null;
        var fenceLength = 0;
        foreach (var line in text.Split('\n'))
        {
            var (mark, length) = Fence(line);
            if (fence is null && length > 0)
            {
                (fence, fenceLength) = (mark, length);
                yield return (line, true);
            }
            else if (fence is not null)
            {
                // A closing fence is the same character, at least as long, with nothing after it.
                if (mark == fence && length >= fenceLength && line.Trim().Length == length)
                {
                    fence = null;
                }

                yield return (line, true);
            }
            else
            {
                yield return (line, false);
            }
        }
    }

    /// <summary><paramref name="text"/> with the lines of its fenced code blocks left empty, so line positions stay the same.</summary>
    public static string Blanked(string text) => string.Join('\n', Lines(text).Select(l => l.InCode ? string.Empty : l.Line));

    private static (char Mark, int Length) Fence(string line)
    {
        var indent = line.Length - line.TrimStart(' ').Length;
        if (indent > 3)
        {
            return default;
        }

        var rest = line[indent..];
        if (rest.Length < 3 || (rest[0] != '`' && rest[0] != '~'))
        {
            return default;
        }

        var length = rest.TakeWhile(c => c == rest[0]).Count();

        // A backtick fence's info string may not contain a backtick (CommonMark), or it is inline code.
        return length >= 3 && !(rest[0] == '`' && rest[length..].Contains('`', StringComparison.Ordinal)) ? (rest[0], length) : default;
    }
}
