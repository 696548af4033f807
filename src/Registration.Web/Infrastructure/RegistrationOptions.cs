namespace Registration.Web.Infrastructure;

/// <summary>The <c>Registration</c> section of appsettings.json; environment variables override it (Registration__DataDirectory).</summary>
public sealed class RegistrationOptions
{
    public const string SectionName = "Registration";

    public const string DefaultEmbedHosts = "youtube.com www.youtube.com youtube-nocookie.com www.youtube-nocookie.com";

    /// <summary>Holds the SQLite database and, later, the mail folder. Relative paths are from the working directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Base of absolute links in emails and calendar files; when empty, the loopback address the server listens on (see <see cref="ServerSettings"/>).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Imports the sample events when the database is empty.</summary>
    public bool SeedSampleData { get; set; } = true;

    public string OrganisationName { get; set; } = "Registration";

    /// <summary>The colour of the band at the top of every email and of its button: #rgb or #rrggbb (checked at start, see EmailBrand).</summary>
    public string BrandColour { get; set; } = "#1d4f91";

    /// <summary>An https address of the logo shown in the emails' band; when empty the band shows the organisation's name.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>The organisation's own website, linked from the emails' band and footer; optional.</summary>
    public string? WebsiteUrl { get; set; }

    /// <summary>The zone of events that do not name one, and the zone times are shown in.</summary>
    public string DefaultTimeZone { get; set; } = "Europe/London";

    /// <summary>
    /// Where event images named by file (<c>image: unconference.jpg</c>) are found, such as the old Jekyll
    /// site's image folder. When empty such images are not shown; absolute image addresses always are.
    /// </summary>
    public string? ImageBaseUrl { get; set; }

    /// <summary>Who may show the pages in a frame: the Content-Security-Policy <c>frame-ancestors</c> sources.</summary>
    public string FrameAncestors { get; set; } = SecurityHeaders.DefaultFrameAncestors;

    /// <summary>
    /// Hosts, separated by spaces, whose YouTube <c>&lt;iframe&gt;</c> embeds descriptions may show; they are
    /// shown from youtube-nocookie, which the page policy then allows as a frame. Empty: no embeds.
    /// </summary>
    public string EmbedHosts { get; set; } = DefaultEmbedHosts;

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory, Environment.CurrentDirectory);

    public string DatabasePath => Path.Combine(ResolveDataDirectory(), "registration.db");
}
