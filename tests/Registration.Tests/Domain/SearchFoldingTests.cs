using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class SearchFoldingTests
{
    private static readonly DateTime Now = new(2026, 2, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("Dávila-Ñúñez", "davila-nunez")]
    [InlineData("ÉMILE", "emile")]
    [InlineData("Émile", "emile")]
    [InlineData("E\u0301mile", "emile")] // the accent typed as a separate combining mark
    [InlineData("Siân Spärck Jones", "sian sparck jones")]
    [InlineData("Straße", "strasse")]
    [InlineData("STRAẞE", "strasse")]
    [InlineData("Ærøskøbing", "aeroskobing")]
    [InlineData("Œuvre", "oeuvre")]
    [InlineData("Łódź", "lodz")]
    [InlineData("Đorđević", "dordevic")]
    [InlineData("Guðrún Þórsdóttir", "gudrun thorsdottir")]
    [InlineData("Ħamrun", "hamrun")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("ılık", "ilik")]
    [InlineData("Ｅｍｉｌｅ　Ｚｏｌａ", "emile zola")] // full-width letters and space
    [InlineData("ﬁnance ﬂow", "finance flow")] // ligatures
    [InlineData("O’Brien", "o'brien")]
    [InlineData("Smith–Jones", "smith-jones")]
    [InlineData("  Ada \t\n  Lovelace  ", "ada lovelace")]
    [InlineData("Ada\u00A0Lovelace", "ada lovelace")] // no-break space
    [InlineData("Love\u00ADlace", "lovelace")] // soft hyphen
    [InlineData("ΟΔΥΣΣΕΥΣ", "οδυσσευσ")]
    [InlineData("Οδυσσεύς", "οδυσσευσ")]
    [InlineData("Ёлкин", "елкин")]
    [InlineData("中村 さくら", "中村 さくら")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Folds_accents_case_and_letters_that_do_not_decompose(string? text, string expected) =>
        Assert.Equal(expected, SearchFolding.Fold(text));

    [Fact]
    public void Folding_does_not_depend_on_the_servers_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // In Turkish, lower-case "I" is the dotless "ı"; search must still find "Ivan" by "ivan".
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("tr-TR");
            Assert.Equal("ivan", SearchFolding.Fold("IVAN"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_lone_surrogate_is_read_as_a_broken_character_rather_than_refused()
    {
        Assert.Equal("ab\uFFFDc", SearchFolding.Fold("Ab\uD800C"));
        Assert.Equal("x\uFFFD", SearchFolding.Fold("X\uDC00"));
        Assert.Equal("😀 ok", SearchFolding.Fold("😀 OK"));
    }

    [Fact]
    public void A_search_is_its_folded_words_each_once() =>
        Assert.Equal(["acme", "emile"], SearchFolding.Words("  ACME  Émile acme "));

    [Fact]
    public void A_registration_keeps_its_name_email_organisation_and_answers_folded_one_per_line()
    {
        var details = SignUpDetails.Validate(
            new SignUpInput("Dávila-Ñúñez", "Ana@Example.org", "Ōsaka Ｕniversity", "Step-free ACCESS", null, new Dictionary<string, string?> { ["diet"] = "Végétarien" }, true),
            [EventQuestion.Create("diet", "Diet", QuestionKind.Text, null, required: false)],
            out _)!;

        var (registration, _) = EventRegistration.Create(1, details, placeAvailable: true, Now);

        Assert.Equal("davila-nunez\nana@example.org\nosaka university\nstep-free access\nvegetarien", registration.SearchText);
    }

    [Fact]
    public void Ordering_by_the_folded_text_orders_by_name_without_regard_to_accents_or_case()
    {
        string[] names = ["Zoë Ward", "émile Zola", "Ann Smith", "Ann", "Ángel Ruiz", "Ørjan Berg", "bob Jones"];
        var ordered = names
            .Select(n => EventRegistration.Create(1, EventRegistrationTests.Details(n, "a@example.org"), placeAvailable: true, Now).Registration)
            .OrderBy(r => r.SearchText, StringComparer.Ordinal)
            .Select(r => r.Name);

        Assert.Equal(["Ángel Ruiz", "Ann", "Ann Smith", "bob Jones", "émile Zola", "Ørjan Berg", "Zoë Ward"], ordered);
    }
}
