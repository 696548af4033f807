namespace Registration.Web.Domain;

/// <summary>
/// The optional fields every form may ask besides the event's own questions; name, email and consent are
/// always asked. Stored as a number, so the values never change.
/// </summary>
[Flags]
public enum BuiltInFields
{
    None = 0,
    Organisation = 1,
    AccessNeeds = 2,

    /// <summary>Off unless an organiser turns it on: many events serve no food.</summary>
    DietaryNeeds = 4,

    /// <summary>What a new event asks.</summary>
    Default = Organisation | AccessNeeds,
    All = Organisation | AccessNeeds | DietaryNeeds,
}
