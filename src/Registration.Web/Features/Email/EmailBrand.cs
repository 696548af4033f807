using System.Globalization;
using System.Text.RegularExpressions;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Email;

/// <summary>
/// How the emails show whose they are: the organisation's name, colour, logo and website, from the
/// Registration settings, with the text colour that reads best on the brand colour worked out once.
/// </summary>
public sealed partial record EmailBrand(string OrganisationName, string Colour, string TextOnColour, Uri? Logo, Uri? Website)
{
    /// <summary>Near-black rather than black: softer, and still over 4.5:1 on any colour white is not better on.</summary>
    public const string DarkText = "#1a1a1a";
    public const string LightText = "#ffffff";

    public const string ColourProblem = "Registration:BrandColour must be a colour written as #rgb or #rrggbb, such as #1d4f91.";
    public const string LogoProblem = "Registration:LogoUrl must be empty or an absolute https:// address of an image.";
    public const string WebsiteProblem = "Registration:WebsiteUrl must be empty or an absolute http:// or https:// address.";

    public static EmailBrand From(RegistrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var colour = options.BrandColour.Trim().ToLowerInvariant();
        return new EmailBrand(options.OrganisationName, colour, TextOn(colour), Address(options.LogoUrl), Address(options.WebsiteUrl));
    }

    /// <summary>Only a hex colour: the value goes into style attributes, where anything else could add its own styles.</summary>
    public static bool IsColour(string? value) => value is not null && HexColour().IsMatch(value.Trim());

    public static bool IsLogo(string? value) => string.IsNullOrWhiteSpace(value) || Address(value)?.Scheme == Uri.UriSchemeHttps;

    public static bool IsWebsite(string? value) => string.IsNullOrWhiteSpace(value) || Address(value) is not null;

    /// <summary>White or near-black, whichever has the higher contrast (WCAG relative luminance) on <paramref name="colour"/>.</summary>
    public static string TextOn(string colour)
    {
        var background = Luminance(colour);
        var onWhite = 1.05 / (background + 0.05);
        var onDark = (background + 0.05) / (Luminance(DarkText) + 0.05);
        return onWhite >= onDark ? LightText : DarkText;
    }

    /// <summary>The WCAG contrast ratio of two colours, from 1 to 21.</summary>
    public static double Contrast(string first, string second)
    {
        var (a, b) = (Luminance(first), Luminance(second));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    private static double Luminance(string colour)
    {
        var hex = colour.TrimStart('#');
        if (hex.Length == 3)
        {
            hex = string.Concat(hex.Select(c => $"{c}{c}"));
        }

        double Channel(int at)
        {
            var value = int.Parse(hex.AsSpan(at, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return value <= 0.04045 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
    }

    private static Uri? Address(string? value) =>
        !string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColour();
}
