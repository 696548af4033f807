using Registration.Web.Domain;

namespace Registration.Tests.Domain;

public class SignUpDetailsTests
{
    private static readonly IReadOnlyList<EventQuestion> Questions =
    [
        EventQuestion.Create("session", "Which session?", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: true),
        EventQuestion.Create("role", "Your role", QuestionKind.Text, null, required: false),
    ];

    [Theory]
    [InlineData("Siân Ó Dálaigh")]
    [InlineData("Zoë")]
    [InlineData("李小龍")]
    [InlineData("O'Brien-Smith")]
    public void Names_keep_their_Unicode_exactly(string name)
    {
        var details = Valid(name);

        Assert.Equal(name, details.Name);
    }

    [Fact]
    public void Surrounding_space_is_trimmed_and_answers_are_kept_by_key()
    {
        var details = SignUpDetails.Validate(
            new SignUpInput("  Ada Lovelace ", " ada@example.org ", " Analytical Engines ", "Step-free access", "  ", new Dictionary<string, string?> { ["session"] = "Morning", ["role"] = "Engineer", ["extra"] = "ignored" }, true),
            Questions,
            out var errors)!;

        Assert.Empty(errors);
        Assert.Equal("Ada Lovelace", details.Name);
        Assert.Equal("ada@example.org", details.Email);
        Assert.Equal("Analytical Engines", details.Organisation);
        Assert.Equal(
            new Dictionary<string, string> { [SignUpDetails.AccessNeedsKey] = "Step-free access", ["session"] = "Morning", ["role"] = "Engineer" },
            details.Answers);
    }

    [Fact]
    public void Every_broken_rule_is_reported_against_its_field()
    {
        var details = SignUpDetails.Validate(
            new SignUpInput(null, null, new string('o', 201), new string('a', 1001), null, new Dictionary<string, string?> { ["session"] = "Evening", ["role"] = new string('r', 1001) }, false),
            Questions,
            out var errors);

        Assert.Null(details);
        Assert.Equal("Enter your name.", errors[SignUpDetails.NameField]);
        Assert.Equal("Enter your email address.", errors[SignUpDetails.EmailField]);
        Assert.Equal("Your organisation must be 200 characters or fewer.", errors[SignUpDetails.OrganisationField]);
        Assert.Equal("Access needs must be 1000 characters or fewer.", errors[SignUpDetails.AnswerField(SignUpDetails.AccessNeedsKey)]);
        Assert.Equal("Choose one of the answers offered for \"Which session?\".", errors[SignUpDetails.AnswerField("session")]);
        Assert.Equal("Your answer to \"Your role\" must be 1000 characters or fewer.", errors[SignUpDetails.AnswerField("role")]);
        Assert.Equal("Tick the box to agree to us keeping your details for this event.", errors[SignUpDetails.ConsentField]);
    }

    [Fact]
    public void A_required_choice_must_be_answered()
    {
        SignUpDetails.Validate(new SignUpInput("Ada", "ada@example.org", null, null, null, new Dictionary<string, string?>(), true), Questions, out var errors);

        Assert.Equal("Choose an answer to \"Which session?\".", errors[SignUpDetails.AnswerField("session")]);
    }

    [Theory]
    [InlineData("ada@example.org", true)]
    [InlineData("ada.lovelace+events@mail.example.co.uk", true)]
    [InlineData("ADA@EXAMPLE.ORG", true)]
    [InlineData("ada@example", false)]
    [InlineData("ada@@example.org", false)]
    [InlineData("ada example@example.org", false)]
    [InlineData("Ada <ada@example.org>", false)]
    [InlineData("ada@example.org\r\nBcc: x@example.org", false)]
    [InlineData("ada@example.org,x@example.org", false)]
    [InlineData("ada@example.org;x@example.org", false)]
    [InlineData("ada@example.o", false)]
    [InlineData("@example.org", false)]
    public void Email_addresses_must_be_one_bare_address(string email, bool valid)
    {
        SignUpDetails.Validate(new SignUpInput("Ada", email, null, null, null, new Dictionary<string, string?>(), true), [], out var errors);

        Assert.Equal(valid, !errors.ContainsKey(SignUpDetails.EmailField));
    }

    [Theory]
    [InlineData("Ada\nLovelace")]
    [InlineData("Ada\rLovelace")]
    [InlineData("Ada\tLovelace")]
    [InlineData("Ada\u0000Lovelace")]
    [InlineData("Ada\u0085Lovelace")]
    public void Control_characters_in_a_name_are_refused(string name)
    {
        SignUpDetails.Validate(new SignUpInput(name, "ada@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out var errors);

        Assert.Equal("Your name must not contain line breaks, tabs or other control characters.", errors[SignUpDetails.NameField]);
    }

    [Fact]
    public void Line_breaks_survive_in_free_text_answers_but_other_control_characters_do_not()
    {
        var details = SignUpDetails.Validate(
            new SignUpInput("Ada", "ada@example.org", "Line\r\nbreak\tOrg", "Wheelchair\r\nHearing loop\u0007", null, new Dictionary<string, string?>(), true),
            [],
            out _)!;

        Assert.Equal("Line break Org", details.Organisation);
        Assert.Equal("Wheelchair\nHearing loop", details.Answers[SignUpDetails.AccessNeedsKey]);
    }

    private static SignUpDetails Valid(string name) =>
        SignUpDetails.Validate(new SignUpInput(name, "ada@example.org", null, null, null, new Dictionary<string, string?>(), true), [], out _)!;
}
