using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Events;

internal static class EventImages
{
    /// <summary>An absolute image address as it is; a bare file name under the configured image folder, or nothing.</summary>
    public static string? Resolve(string? image, RegistrationOptions options)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        if (Uri.TryCreate(image, UriKind.Absolute, out var absolute))
        {
            return absolute.Scheme is "https" or "http" ? absolute.ToString() : null;
        }

        return string.IsNullOrWhiteSpace(options.ImageBaseUrl)
            ? null
            : $"{options.ImageBaseUrl.TrimEnd('/')}/{Uri.EscapeDataString(image.TrimStart('/'))}";
    }
}
