using System.Text.RegularExpressions;

namespace Registration.Web.Domain;

/// <summary>
/// How a question is answered. The numbers are stored (in each event's questions, as JSON), so they never
/// change: 0 and 1 are the text and choice questions events had before the other kinds.
/// </summary>
public enum QuestionKind
{
    Text = 0,
    SingleChoice = 1,
    LongText = 2,
    MultipleChoice = 3,
    YesNo = 4,
}

/// <summary>
/// A question an event asks on its registration form. Answers are stored under its <see cref="Key"/>,
/// which it gets once, when it is added, and keeps whatever its label becomes: a renamed question keeps
/// its answers.
/// </summary>
/// <param name="Sensitive">
/// Answers are special-category data (health, beliefs…), kept only for <c>Privacy:RetainSensitiveDays</c>
/// like access and dietary needs (front matter <c>sensitive: true</c>).
/// </param>
public sealed partial record EventQuestion(string Key, string Label, QuestionKind Kind, IReadOnlyList<string> Options, bool Required, bool Sensitive = false)
{
    public const int MaxLabelLength = 300;
    public const int MaxOptionLength = 200;
    public const int MaxOptions = 50;
    public const int MaxKeyLength = 60;
    public const string Yes = "Yes";
    public const string No = "No";

    /// <summary>Between the options picked in a multiple-choice answer, as stored; an option never holds a line break.</summary>
    public const char PickSeparator = '\n';

    /// <summary>
    /// Keys (and labels, as slugs) the form already uses for its own fields: a question under one of these
    /// would mix its answers with the built-in field's, or give the CSV two columns of the same name.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ReservedKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "the name field",
        ["full-name"] = "the name field",
        ["email"] = "the email field",
        ["email-address"] = "the email field",
        ["e-mail"] = "the email field",
        ["organisation"] = "the built-in organisation field",
        ["organization"] = "the built-in organisation field",
        [SignUpDetails.AccessNeedsKey] = "the built-in access needs field",
        [SignUpDetails.DietaryNeedsKey] = "the built-in dietary needs field",
        [SignUpDetails.ConsentField] = "the consent box",
    };

    public bool IsChoice => Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice or QuestionKind.YesNo;

    /// <summary>What may be picked: the options, or Yes and No.</summary>
    public IReadOnlyList<string> Choices => Kind == QuestionKind.YesNo ? [Yes, No] : Options;

    /// <summary>
    /// A question as its author wrote it. An empty <paramref name="key"/> is made from the label; a key
    /// given is kept (as a slug). Options are kept only for the choice kinds, which need two or more.
    /// </summary>
    public static EventQuestion Create(string key, string label, QuestionKind kind, IEnumerable<string>? options, bool required, bool sensitive = false)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DomainException("A question needs a label.");
        }

        var cleanLabel = Spaces().Replace(label, " ").Trim();
        if (cleanLabel.Length > MaxLabelLength)
        {
            throw new DomainException($"A question label must be at most {MaxLabelLength} characters.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainException($"The question \"{cleanLabel}\" has no kind of answer this form knows.");
        }

        var hasOptions = kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;
        var choices = (options ?? []).Select(o => Spaces().Replace(o, " ").Trim()).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (hasOptions && choices.Count < 2)
        {
            throw new DomainException($"The choice question \"{cleanLabel}\" needs at least two options.");
        }

        if (hasOptions && choices.Count > MaxOptions)
        {
            throw new DomainException($"The choice question \"{cleanLabel}\" may offer at most {MaxOptions} options.");
        }

        if (hasOptions && choices.FirstOrDefault(o => o.Length > MaxOptionLength) is { } longOption)
        {
            throw new DomainException($"An option of \"{cleanLabel}\" is longer than {MaxOptionLength} characters: \"{longOption[..40]}…\".");
        }

        var cleanKey = Slugs.From(string.IsNullOrWhiteSpace(key) ? cleanLabel : key);
        if (cleanKey.Length > MaxKeyLength)
        {
            cleanKey = cleanKey[..MaxKeyLength].TrimEnd('-');
        }

        if (cleanKey.Length == 0)
        {
            throw new DomainException($"The question \"{cleanLabel}\" needs a key of letters or digits to store its answers under.");
        }

        return new EventQuestion(cleanKey, cleanLabel, kind, hasOptions ? choices : [], required, sensitive);
    }

    /// <summary>
    /// The key for a question being added: made from its label, with a number after it when another
    /// question (or a question removed, whose answers are still stored) has it; "question" when the label
    /// has no letters or digits to make one from ("¿?", "你好").
    /// </summary>
    public static string NewKey(string? label, IReadOnlyCollection<string> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var stem = Slugs.From(label ?? string.Empty);
        if (stem.Length > MaxKeyLength - 4)
        {
            stem = stem[..(MaxKeyLength - 4)].TrimEnd('-');
        }

        if (stem.Length == 0)
        {
            stem = "question";
        }

        var key = stem;
        for (var n = 2; taken.Contains(key); n++)
        {
            key = $"{stem}-{n}";
        }

        return key;
    }

    /// <summary>Why this question cannot be on the form, or null: its key or its label is one the form uses for its own fields.</summary>
    public string? ReservedProblem()
    {
        if (ReservedKeys.TryGetValue(Slugs.From(Label), out var byLabel))
        {
            return $"A question cannot be called \"{Label}\": the form already has {byLabel}. Give the question another label.";
        }

        return ReservedKeys.TryGetValue(Key, out var byKey)
            ? $"The question \"{Label}\" would store its answers as \"{Key}\", which belongs to {byKey}."
            : null;
    }

    /// <summary>A stored answer as people read it: the options picked in a multiple-choice answer joined by "; ".</summary>
    public string Readable(string answer) =>
        Kind == QuestionKind.MultipleChoice ? string.Join("; ", answer.Split(PickSeparator, StringSplitOptions.RemoveEmptyEntries)) : answer;

    public bool Equals(EventQuestion? other) =>
        other is not null && Key == other.Key && Label == other.Label && Kind == other.Kind
        && Required == other.Required && Sensitive == other.Sensitive && Options.SequenceEqual(other.Options);

    public override int GetHashCode() => HashCode.Combine(Key, Label, Kind, Required, Sensitive, Options.Count);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
