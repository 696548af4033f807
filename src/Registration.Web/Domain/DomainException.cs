namespace Registration.Web.Domain;

/// <summary>A rule of the domain was broken; the message is written for the person who broke it.</summary>
public sealed class DomainException : Exception
{
    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException()
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
