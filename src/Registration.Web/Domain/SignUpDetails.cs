using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;

namespace Registration.Web.Domain;

/// <summary>What a person typed into the sign-up form, before any checks.</summary>
public sealed record SignUpInput(
    string? Name,
    string? Email,
    string? Organisation,
    string? AccessNeeds,
    string? DietaryNeeds,
    IReadOnlyDictionary<string, string?> Answers,
    bool Consent);

/// <summary>
/// Sign-up details that passed every rule: a name of 1 to 200 characters with no control characters, a
/// deliverable-looking address of at most 254, answers within their limits and among their options, and
/// consent. Each broken rule is reported against its field, in words for the person filling the form.
/// </summary>
public sealed partial record SignUpDetails
{
    public const string AccessNeedsKey = "access-needs";
    public const string DietaryNeedsKey = "dietary-needs";
    public const string NameField = "name";
    public const string EmailField = "email";
    public const string OrganisationField = "organisation";
    public const string ConsentField = "consent";

    private SignUpDetails(string name, string email, string? organisation, IReadOnlyDictionary<string, string> answers)
    {
        Name = name;
        Email = email;
        Organisation = organisation;
        Answers = answers;
    }

    public string Name { get; }

    public string Email { get; }

    public string? Organisation { get; }

    /// <summary>
    /// Built-in (access and dietary needs) and the event's own questions, by key; unanswered ones are left
    /// out. A multiple-choice answer holds the options picked, one a line.
    /// </summary>
    public IReadOnlyDictionary<string, string> Answers { get; }

    public static string AnswerField(string key) => $"answer-{key}";

    /// <summary>Checks a sign-up for a form with every built-in field: an organiser adding someone by hand.</summary>
    public static SignUpDetails? Validate(SignUpInput input, IReadOnlyList<EventQuestion> questions, out IReadOnlyDictionary<string, string> errors) =>
        Validate(input, questions, BuiltInFields.All, out errors);

    /// <summary>
    /// Checks a sign-up against the event's form: built-in fields the form does not ask are dropped, as
    /// are answers to questions it does not have.
    /// </summary>
    public static SignUpDetails? Validate(SignUpInput input, IReadOnlyList<EventQuestion> questions, BuiltInFields fields, out IReadOnlyDictionary<string, string> errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(questions);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);

        var name = Clean(input.Name);
        if (name.Length == 0)
        {
            problems[NameField] = "Enter your name.";
        }
        else if (name.Length > EventRegistration.MaxNameLength)
        {
            problems[NameField] = $"Your name must be {EventRegistration.MaxNameLength} characters or fewer.";
        }
        else if (name.Any(char.IsControl))
        {
            problems[NameField] = "Your name must not contain line breaks, tabs or other control characters.";
        }

        var email = Clean(input.Email);
        if (email.Length == 0)
        {
            problems[EmailField] = "Enter your email address.";
        }
        else if (email.Length > EventRegistration.MaxEmailLength)
        {
            problems[EmailField] = $"Your email address must be {EventRegistration.MaxEmailLength} characters or fewer.";
        }
        else if (email.Contains('@', StringComparison.Ordinal) && !Ascii.IsValid(email.AsSpan(0, email.LastIndexOf('@'))))
        {
            // Our mail system (SMTP without SMTPUTF8) cannot send to such an address, so we say so now
            // rather than accept a registration whose emails can never arrive. Accented domains are fine.
            problems[EmailField] = "We cannot send email to an address with accented or non-Latin letters before the @. Please use another address: before the @, letters a to z without accents, digits and . _ - + work.";
        }
        else if (!IsEmailAddress(email) || !IsPlainDomain(email[(email.LastIndexOf('@') + 1)..]))
        {
            problems[EmailField] = "Enter an email address in the correct format, like name@example.org.";
        }

        var organisation = fields.HasFlag(BuiltInFields.Organisation)
            ? CleanLine(input.Organisation, EventRegistration.MaxOrganisationLength, OrganisationField, "Your organisation", problems)
            : null;

        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fields.HasFlag(BuiltInFields.AccessNeeds))
        {
            AddFreeText(answers, AccessNeedsKey, input.AccessNeeds, problems, "Access needs");
        }

        if (fields.HasFlag(BuiltInFields.DietaryNeeds))
        {
            AddFreeText(answers, DietaryNeedsKey, input.DietaryNeeds, problems, "Dietary needs");
        }

        foreach (var question in questions)
        {
            var given = input.Answers.TryGetValue(question.Key, out var value) ? Clean(value) : string.Empty;
            var field = AnswerField(question.Key);
            if (given.Length == 0)
            {
                if (question.Required)
                {
                    problems[field] = question.IsChoice ? $"Choose an answer to \"{question.Label}\"." : $"Answer \"{question.Label}\".";
                }

                continue;
            }

            if (Answer(question, given) is { } answer)
            {
                answers[question.Key] = answer;
            }
            else
            {
                problems[field] = question.IsChoice
                    ? $"Choose {(question.Kind == QuestionKind.MultipleChoice ? "from" : "one of")} the answers offered for \"{question.Label}\"."
                    : $"Your answer to \"{question.Label}\" must be {EventRegistration.MaxAnswerLength} characters or fewer.";
            }
        }

        if (!input.Consent)
        {
            problems[ConsentField] = "Tick the box to agree to us keeping your details for this event.";
        }

        errors = problems;
        return problems.Count > 0 ? null : new SignUpDetails(name, Readable(email), organisation, answers);
    }

    /// <summary>
    /// The answer to store, or null when it is not one the question takes: a choice among its options,
    /// several of them (kept in the order offered, one a line) for a multiple choice, else text within the limit.
    /// </summary>
    private static string? Answer(EventQuestion question, string given)
    {
        switch (question.Kind)
        {
            case QuestionKind.MultipleChoice:
                var picked = given.Split(EventQuestion.PickSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return picked.All(p => question.Options.Contains(p, StringComparer.Ordinal))
                    ? string.Join(EventQuestion.PickSeparator, question.Options.Where(o => picked.Contains(o, StringComparer.Ordinal)))
                    : null;
            case QuestionKind.SingleChoice or QuestionKind.YesNo:
                return question.Choices.Contains(given, StringComparer.Ordinal) ? given : null;
            default:
                return given.Length <= EventRegistration.MaxAnswerLength ? StripControlExceptNewlines(given) : null;
        }
    }

    private static void AddFreeText(Dictionary<string, string> answers, string key, string? value, Dictionary<string, string> problems, string label)
    {
        var text = Clean(value);
        if (text.Length == 0)
        {
            return;
        }

        if (text.Length > EventRegistration.MaxAnswerLength)
        {
            problems[AnswerField(key)] = $"{label} must be {EventRegistration.MaxAnswerLength} characters or fewer.";
            return;
        }

        answers[key] = StripControlExceptNewlines(text);
    }

    private static string? CleanLine(string? value, int max, string field, string label, Dictionary<string, string> problems)
    {
        var text = Clean(value);
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > max)
        {
            problems[field] = $"{label} must be {max} characters or fewer.";
            return null;
        }

        // A stray line break or tab in a one-line field is cleaned away rather than refused.
        return Spaces().Replace(string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c)), " ").Trim();
    }

    private static string Clean(string? value) => (value ?? string.Empty).Trim();

    private static string StripControlExceptNewlines(string text) =>
        string.Concat(text.Replace("\r\n", "\n", StringComparison.Ordinal).Where(c => c == '\n' || !char.IsControl(c)));

    /// <summary>
    /// A bare address (no display name, no comments) that System.Net.Mail accepts, with a dot in its
    /// domain and nothing a mail header could be split on.
    /// </summary>
    private static bool IsEmailAddress(string email)
    {
        if (email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || !SimpleAddress().IsMatch(email))
        {
            return false;
        }

        try
        {
            var parsed = new MailAddress(email);
            return string.Equals(parsed.Address, email, StringComparison.Ordinal) && string.IsNullOrEmpty(parsed.DisplayName);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// A domain that reads as the one mail will go to. Mail converts a domain to its ASCII form (IDNA),
    /// which silently drops invisible characters (a soft hyphen) and turns full-width letters into plain
    /// ones: "exam\u00ADple.org" would look like another address here yet reach example.org. Accented
    /// domains ("bücher.example") convert back to themselves and are fine.
    /// </summary>
    /// <summary>
    /// The address with its domain as people read it: browsers send an accented domain in its IDNA form
    /// ("ada@xn--bcher-kva.example"), which the person would take for a typo when we show it back.
    /// </summary>
    private static string Readable(string email)
    {
        var at = email.LastIndexOf('@');
        if (!email.Contains("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return email;
        }

        try
        {
            return $"{email[..at]}@{new System.Globalization.IdnMapping().GetUnicode(email[(at + 1)..])}";
        }
        catch (ArgumentException)
        {
            return email;
        }
    }

    private static bool IsPlainDomain(string domain)
    {
        if (Ascii.IsValid(domain))
        {
            // Plain ASCII, including an IDNA form typed as such (xn--bcher-kva.example), reads as it goes.
            return true;
        }

        try
        {
            var idna = new System.Globalization.IdnMapping();
            return string.Equals(idna.GetUnicode(idna.GetAscii(domain)), domain.Normalize(), StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[^@\s<>()\[\]\\,;:""]+@[^@\s<>()\[\]\\,;:""]+\.[^@\s<>()\[\]\\,;:"".]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleAddress();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
