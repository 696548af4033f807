using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>The sign-up form as posted; Blazor binds it from fields named <c>Form.Name</c>, <c>Form.Answers[key]</c>, ….</summary>
public sealed class SignUpForm
{
    private Dictionary<string, string?> _answers = new(StringComparer.Ordinal);

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

    public bool Consent { get; set; }

    public SignUpInput ToInput() => new(Name, Email, Organisation, AccessNeeds, DietaryNeeds, Answers, Consent);
}
