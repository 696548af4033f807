using Registration.Web.Domain;

namespace Registration.Tests.Domain;

/// <summary>The kinds of question, their keys, and the answers each takes.</summary>
public class EventQuestionTests
{
    private static readonly IReadOnlyList<EventQuestion> EveryKind =
    [
        EventQuestion.Create("", "Your role", QuestionKind.Text, ["dropped"], required: true),
        EventQuestion.Create("", "Anything else?", QuestionKind.LongText, null, required: false),
        EventQuestion.Create("", "Which session?", QuestionKind.SingleChoice, ["Morning", "Afternoon"], required: true),
        EventQuestion.Create("", "Topics", QuestionKind.MultipleChoice, ["Health, care", "Work", "Schools"], required: false),
        EventQuestion.Create("", "Staying for lunch?", QuestionKind.YesNo, ["Maybe"], required: true),
    ];

    [Fact]
    public void Each_kind_keeps_options_only_when_it_offers_them()
    {
        Assert.Equal(["your-role", "anything-else", "which-session", "topics", "staying-for-lunch"], EveryKind.Select(q => q.Key));
        Assert.Empty(EveryKind[0].Options);
        Assert.Equal(["Health, care", "Work", "Schools"], EveryKind[3].Choices);
        Assert.Equal(["Yes", "No"], EveryKind[4].Choices);
        Assert.Empty(EveryKind[4].Options);
        Assert.Throws<DomainException>(() => EventQuestion.Create("", "Topics", QuestionKind.MultipleChoice, ["Work"], required: false));
        Assert.Throws<DomainException>(() => EventQuestion.Create("", "Topics", QuestionKind.MultipleChoice, Enumerable.Range(1, 51).Select(i => $"Option {i}"), required: false));
        Assert.Throws<DomainException>(() => EventQuestion.Create("", "Odd", (QuestionKind)9, null, required: false));
        var tooLong = Assert.Throws<DomainException>(() => EventQuestion.Create("", "Topics", QuestionKind.SingleChoice, ["Work", new string('o', EventQuestion.MaxOptionLength + 1)], required: false));
        Assert.StartsWith("An option of \"Topics\" is longer than 200 characters", tooLong.Message, StringComparison.Ordinal);

        // An option is one line: a break inside one would split a multiple-choice answer.
        Assert.Equal(["Health care", "Work"], EventQuestion.Create("", "T", QuestionKind.MultipleChoice, ["Health\ncare", "Work"], false).Options);
    }

    [Fact]
    public void A_new_key_comes_from_the_label_and_never_repeats_one_taken()
    {
        Assert.Equal("your-role", EventQuestion.NewKey("Your role?", []));
        Assert.Equal("your-role-3", EventQuestion.NewKey("Your role", ["your-role", "your-role-2"]));
        Assert.Equal("question", EventQuestion.NewKey("你好？", []));
        Assert.Equal("question-2", EventQuestion.NewKey("¿?", ["question"]));
        Assert.True(EventQuestion.NewKey(new string('a', 300), []).Length <= EventQuestion.MaxKeyLength);
    }

    [Fact]
    public void A_renamed_question_keeps_its_key_and_the_event_its_answers_column()
    {
        var ev = EventBuilder.Published(d => d with { Questions = [EventQuestion.Create("", "Your role", QuestionKind.Text, null, false)] });

        var renamed = EventQuestion.Create(ev.Questions[0].Key, "What do you do?", QuestionKind.Text, null, false);
        Assert.True(ev.ApplyDetails(EventBuilder.Details(d => d with { Questions = [renamed] }), EventBuilder.Now.AddDays(1)));

        Assert.Equal("your-role", ev.Questions.Single().Key);
        Assert.Equal("What do you do?", ev.Questions.Single().Label);
    }

    [Theory]
    [InlineData("access-needs", "Anything we should know?")]
    [InlineData("", "Access needs")]
    [InlineData("", "Dietary needs?")]
    [InlineData("", "Organisation")]
    [InlineData("", "Email")]
    [InlineData("", "Full name")]
    [InlineData("role", "Consent")]
    public void Questions_may_not_take_the_key_or_name_of_a_built_in_field(string key, string label)
    {
        var question = EventQuestion.Create(key, label, QuestionKind.Text, null, false);

        var refused = Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { Questions = [question] }));
        Assert.Equal(question.ReservedProblem(), refused.Message);
        Assert.Contains($"\"{label}\"", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_fields_are_the_events_choice_and_dietary_needs_start_off()
    {
        Assert.Equal(BuiltInFields.Organisation | BuiltInFields.AccessNeeds, EventBuilder.Published().BuiltInFields);
        var ev = EventBuilder.Published(d => d with { BuiltInFields = BuiltInFields.DietaryNeeds });

        Assert.Equal(BuiltInFields.DietaryNeeds, ev.BuiltInFields);
        Assert.True(ev.ApplyDetails(EventBuilder.Details(), EventBuilder.Now.AddDays(1)));
        Assert.Throws<DomainException>(() => EventBuilder.Published(d => d with { BuiltInFields = (BuiltInFields)8 }));
    }

    [Fact]
    public void Each_kind_checks_its_answer()
    {
        var details = Validate(new Dictionary<string, string?>
        {
            ["your-role"] = "Researcher",
            ["anything-else"] = "Line one\r\nLine two",
            ["which-session"] = "Afternoon",
            ["topics"] = "Schools\nHealth, care",
            ["staying-for-lunch"] = "No",
        }, out var errors);

        Assert.Empty(errors);
        Assert.Equal("Line one\nLine two", details!.Answers["anything-else"]);
        Assert.Equal("Health, care\nSchools", details.Answers["topics"]);
        Assert.Equal("Health, care; Schools", EveryKind[3].Readable(details.Answers["topics"]));
        Assert.Equal("No", details.Answers["staying-for-lunch"]);

        Validate(new Dictionary<string, string?> { ["which-session"] = "Evening", ["topics"] = "Work\nKnitting", ["staying-for-lunch"] = "yes" }, out errors);
        Assert.Equal("Answer \"Your role\".", errors[SignUpDetails.AnswerField("your-role")]);
        Assert.Equal("Choose one of the answers offered for \"Which session?\".", errors[SignUpDetails.AnswerField("which-session")]);
        Assert.Equal("Choose from the answers offered for \"Topics\".", errors[SignUpDetails.AnswerField("topics")]);
        Assert.Equal("Choose one of the answers offered for \"Staying for lunch?\".", errors[SignUpDetails.AnswerField("staying-for-lunch")]);

        Validate(new Dictionary<string, string?> { ["your-role"] = "R" }, out errors);
        Assert.Equal("Choose an answer to \"Staying for lunch?\".", errors[SignUpDetails.AnswerField("staying-for-lunch")]);
        Assert.False(errors.ContainsKey(SignUpDetails.AnswerField("topics")));
    }

    [Fact]
    public void Built_in_fields_the_form_does_not_ask_are_not_kept()
    {
        var input = new SignUpInput("Ada", "ada@example.org", "Engines Ltd", "Step-free", "Vegan", new Dictionary<string, string?>(), true);

        var dietaryOnly = SignUpDetails.Validate(input, [], BuiltInFields.DietaryNeeds, out _)!;
        Assert.Null(dietaryOnly.Organisation);
        Assert.Equal(new Dictionary<string, string> { [SignUpDetails.DietaryNeedsKey] = "Vegan" }, dietaryOnly.Answers);

        var usual = SignUpDetails.Validate(input, [], BuiltInFields.Default, out _)!;
        Assert.Equal("Engines Ltd", usual.Organisation);
        Assert.Equal(new Dictionary<string, string> { [SignUpDetails.AccessNeedsKey] = "Step-free" }, usual.Answers);
    }

    private static SignUpDetails? Validate(Dictionary<string, string?> answers, out IReadOnlyDictionary<string, string> errors) =>
        SignUpDetails.Validate(new SignUpInput("Ada", "ada@example.org", null, null, null, answers, true), EveryKind, BuiltInFields.Default, out errors);
}
