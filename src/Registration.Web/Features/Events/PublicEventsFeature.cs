namespace Registration.Web.Features.Events;

public static class PublicEventsFeature
{
    /// <summary>The public pages' output cache and the markdown renderer (which keeps rendered text in memory).</summary>
    public static IServiceCollection AddPublicEvents(this IServiceCollection services)
    {
        services.AddPublicPageCache();
        services.AddMemoryCache();
        services.AddSingleton<MarkdownRenderer>();
        return services;
    }
}
