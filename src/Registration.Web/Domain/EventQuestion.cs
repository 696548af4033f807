namespace Registration.Web.Domain;

public enum QuestionKind
{
    Text = 0,
    Choice = 1,
}

/// <summary>A question an event asks on its registration form.</summary>
public sealed record EventQuestion(string Key, string Label, QuestionKind Kind, IReadOnlyList<string> Options, bool Required)
{
    public const int MaxLabelLength = 300;

    public static EventQuestion Create(string key, string label, QuestionKind kind, IEnumerable<string>? options, bool required)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DomainException("A question needs a label.");
        }

        if (label.Length > MaxLabelLength)
        {
            throw new DomainException($"A question label must be at most {MaxLabelLength} characters.");
        }

        var choices = (options ?? []).Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (kind == QuestionKind.Choice && choices.Count < 2)
        {
            throw new DomainException($"The choice question \"{label}\" needs at least two options.");
        }

        var cleanKey = string.IsNullOrWhiteSpace(key) ? Slugs.From(label) : Slugs.From(key);
        return new EventQuestion(cleanKey, label.Trim(), kind, kind == QuestionKind.Choice ? choices : [], required);
    }

    public bool Equals(EventQuestion? other) =>
        other is not null && Key == other.Key && Label == other.Label && Kind == other.Kind
        && Required == other.Required && Options.SequenceEqual(other.Options);

    public override int GetHashCode() => HashCode.Combine(Key, Label, Kind, Required, Options.Count);
}
