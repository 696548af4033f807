using System.Text;

namespace Registration.Web.Domain;

/// <summary>
/// Text as search compares it: without accents or case, so that "dav" finds "Dávila-Ñúñez", "nunez" finds
/// it too and "ÉMILE" finds "Emile". The same folding is applied to what is stored and to what is typed,
/// and the result is only ever compared, never shown.
/// </summary>
public static class SearchFolding
{
    /// <summary>
    /// Folds <paramref name="text"/>: compatibility decomposition (NFKD, which also turns full-width
    /// "Ｅｍｉｌｅ" into "Emile" and the ligature "ﬁ" into "fi"), accents and other combining marks dropped,
    /// letters that carry their mark inside them rather than as a separate one spelt out (ß, æ, œ, ø, ł, đ,
    /// ð, þ, ħ, and the dotless ı of Turkish), lower case by the invariant culture (so "I" is "i" whatever the
    /// server's culture), typographic apostrophes, quotation marks and dashes as their plain forms, and any run of white space
    /// as one space. Marks that are spacing vowel signs in Indic scripts are kept: there they are letters.
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Normalize refuses a lone surrogate (a broken character a client can still send); enumerating
        // runes reads each one as U+FFFD instead.
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0)
        {
            var whole = new StringBuilder(text.Length);
            foreach (var rune in text.EnumerateRunes())
            {
                whole.Append(rune.ToString());
            }

            text = whole.ToString();
        }

        var folded = new StringBuilder(text.Length);
        var space = false;
        foreach (var rune in text.Normalize(NormalizationForm.FormKD).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark or System.Globalization.UnicodeCategory.Format)
            {
                // Accents, and invisible characters (soft hyphens, zero-width joiners) that would split a word.
                continue;
            }

            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                space = folded.Length > 0;
                continue;
            }

            if (space)
            {
                folded.Append(' ');
                space = false;
            }

            var lower = Rune.ToLowerInvariant(rune);
            folded.Append(Spelt(lower.Value) ?? lower.ToString());
        }

        return folded.ToString();
    }

    /// <summary>Folds a search as typed into its words, each to be found on its own ("acme emile").</summary>
    public static IReadOnlyList<string> Words(string? typed) =>
        Fold(typed).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Lower-case letters and punctuation that no decomposition takes apart, as people type them on a plain keyboard.</summary>
    private static string? Spelt(int codePoint) => codePoint switch
    {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' or 'ð' => "d",
        'þ' => "th",
        'ħ' => "h",
        'ı' => "i",
        'ŧ' => "t",
        'ς' => "σ",
        '\u2018' or '\u2019' or '\u02BC' => "'",
        '\u201C' or '\u201D' => "\"",
        '\u2010' or '\u2012' or '\u2013' or '\u2014' or '\u2212' => "-",
        _ => null,
    };
}
