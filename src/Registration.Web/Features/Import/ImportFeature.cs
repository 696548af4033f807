namespace Registration.Web.Features.Import;

public static class ImportFeature
{
    /// <summary>The Jekyll page importer, used by the <c>import</c> command.</summary>
    public static IServiceCollection AddImport(this IServiceCollection services) =>
        services.AddSingleton<EventImporter>();
}
