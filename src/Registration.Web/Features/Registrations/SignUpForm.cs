using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>The sign-up form as posted; Blazor binds it from fields named <c>Form.Name</c>, <c>Form.Answers[key]</c>, ….</summary>
public sealed class SignUpForm
{
    private Dictionary<string, string?> _answers = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _picked = new(StringComparer.Ordinal);

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Organisation { get; set; }

    public string? AccessNeeds { get; set; }

    public string? DietaryNeeds { get; set; }

    /// <summary>
    /// Never null: when no question field is posted (an unticked choice sends nothing), the form binder
    /// assigns null, and a missing answer must reach validation as missing, not as a crash.
    /// </summary>
    public Dictionary<string, string?> Answers
    {
        get => _answers;
        set => _answers = value ?? new(StringComparer.Ordinal);
    }

    /// <summary>
    /// The boxes ticked in multiple-choice questions, one field each, named <c>Form.Picked[key/index]</c>:
    /// one field name posted several times would reach us joined with commas, which options may hold.
    /// </summary>
    public Dictionary<string, string?> Picked
    {
        get => _picked;
        set => _picked = value ?? new(StringComparer.Ordinal);
    }

    public bool Consent { get; set; }

    public static string PickedName(string key, int index) => $"Form.Picked[{key}/{index}]";

    /// <summary>The options ticked for a question, in the order offered.</summary>
    public IEnumerable<string> PickedFor(string key) => _picked
        .Select(pair => (Parts: pair.Key.Split('/'), pair.Value))
        .Where(p => p.Parts.Length == 2 && p.Parts[0] == key && int.TryParse(p.Parts[1], System.Globalization.CultureInfo.InvariantCulture, out _) && !string.IsNullOrEmpty(p.Value))
        .OrderBy(p => int.Parse(p.Parts[1], System.Globalization.CultureInfo.InvariantCulture))
        .Select(p => p.Value!);

    /// <summary>Multiple-choice answers join the other answers as the options picked, one a line.</summary>
    public SignUpInput ToInput()
    {
        var answers = new Dictionary<string, string?>(_answers, StringComparer.Ordinal);
        foreach (var key in _picked.Keys.Select(k => k.Split('/')[0]).Distinct(StringComparer.Ordinal))
        {
            answers[key] = string.Join(EventQuestion.PickSeparator, PickedFor(key));
        }

        return new(Name, Email, Organisation, AccessNeeds, DietaryNeeds, answers, Consent);
    }
}
