using Registration.Web.Domain;

namespace Registration.Web.Features.EventEditor;

/// <summary>A question as the builder edits it; <see cref="Key"/> is null until the question is first saved, and fixed after.</summary>
public sealed class QuestionDraft
{
    /// <summary>Names the draft's fields on the page; not stored.</summary>
    public string Id { get; } = $"q-{Guid.NewGuid():N}"[..10];

    public string? Key { get; private init; }

    public string? Label { get; set; }

    public QuestionKind Kind { get; set; } = QuestionKind.Text;

    /// <summary>One option a line, for the choice kinds.</summary>
    public string? Options { get; set; }

    public bool Required { get; set; }

    /// <summary>Answers about health, beliefs and the like: removed <c>Privacy:RetainSensitiveDays</c> after the event.</summary>
    public bool Sensitive { get; set; }

    public bool HasOptions => Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;

    public IEnumerable<string> OptionLines => HasOptions ? (Options ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];

    public static QuestionDraft From(EventQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new QuestionDraft
        {
            Key = question.Key,
            Label = question.Label,
            Kind = question.Kind,
            Options = string.Join('\n', question.Options),
            Required = question.Required,
            Sensitive = question.Sensitive,
        };
    }
}
