using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Events;

public static class PublicEventsFeature
{
    /// <summary>The public pages' output cache and the markdown renderer (which keeps rendered text in memory), with its embed setting checked.</summary>
    public static IServiceCollection AddPublicEvents(this IServiceCollection services)
    {
        services.AddPublicPageCache();
        services.AddMemoryCache();
        services.AddSingleton<MarkdownRenderer>();

        // Read at start by the page policy, so a bad value stops the app there rather than silently showing no video.
        services.AddOptions<RegistrationOptions>().Validate(
            o => HtmlSanitiser.IsHostList(o.EmbedHosts),
            $"Registration:EmbedHosts must be host names separated by spaces, such as {HtmlSanitiser.DefaultEmbedHosts}, or empty for no embeds.");
        return services;
    }
}
