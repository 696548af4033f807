using Microsoft.Extensions.Options;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Events;

public static class PublicEventsFeature
{
    /// <summary>
    /// The public pages' output cache and the markdown renderer (which keeps rendered text in memory), with
    /// its embed setting checked and the frames its embeds need added to the page policy.
    /// </summary>
    public static IServiceCollection AddPublicEvents(this IServiceCollection services)
    {
        services.AddPublicPageCache();
        services.AddMemoryCache();
        services.AddSingleton<MarkdownRenderer>();

        // Read at start by the page policy, so a bad value stops the app there rather than silently showing no video.
        services.AddOptions<RegistrationOptions>().Validate(
            o => HtmlSanitiser.IsHostList(o.EmbedHosts),
            $"Registration:EmbedHosts must be host names separated by spaces, such as {RegistrationOptions.DefaultEmbedHosts}, or empty for no embeds.");

        // Every embed is rewritten to one host, which the page policy then allows as a frame.
        services.AddOptions<FrameSources>().Configure<IOptions<RegistrationOptions>>((frames, registration) =>
        {
            if (new HtmlSanitiser(registration.Value.EmbedHosts).AllowsEmbeds)
            {
                frames.Sources.Add("https://" + HtmlSanitiser.EmbedHost);
            }
        });
        return services;
    }
}
