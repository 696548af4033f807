namespace Registration.Web.Domain;

/// <summary>A run of related events, such as the monthly community-of-practice meetings.</summary>
public sealed class Series
{
    public const int MaxTitleLength = 200;

    private Series()
    {
        Slug = string.Empty;
        Title = string.Empty;
    }

    public int Id { get; private set; }

    public string Slug { get; private set; }

    public string Title { get; private set; }

    public string? Description { get; private set; }

    public static Series Create(string title, string? slug = null, string? description = null)
    {
        var cleanTitle = Event.RequireTitle(title, MaxTitleLength);
        var cleanSlug = string.IsNullOrWhiteSpace(slug) ? Slugs.From(cleanTitle) : slug.Trim();
        if (!Slugs.IsValid(cleanSlug))
        {
            throw new DomainException($"\"{cleanSlug}\" is not a valid slug: use lowercase letters, digits and single hyphens.");
        }

        return new Series { Slug = cleanSlug, Title = cleanTitle, Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim() };
    }
}
