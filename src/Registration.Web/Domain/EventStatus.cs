namespace Registration.Web.Domain;

public enum EventStatus
{
    Draft = 0,
    Published = 1,
    Cancelled = 2,
}

public enum StatusChangeOutcome
{
    Changed,
    AlreadyInThatState,
    NotAllowedWhenCancelled,
}

/// <summary>What a visitor can do about registering, at a given moment.</summary>
public enum RegistrationAvailability
{
    NotPublished,
    Cancelled,
    Finished,
    NotOpenYet,
    Open,
    Closed,
}
