using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>The sign-up form as posted; Blazor binds it from fields named <c>Form.Name</c>, <c>Form.Answers[key]</c>, ….</summary>
public sealed class SignUpForm
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Organisation { get; set; }

    public string? AccessNeeds { get; set; }

    public string? DietaryNeeds { get; set; }

    public Dictionary<string, string?> Answers { get; set; } = new(StringComparer.Ordinal);

    public bool Consent { get; set; }

    public SignUpInput ToInput() => new(Name, Email, Organisation, AccessNeeds, DietaryNeeds, Answers, Consent);
}
