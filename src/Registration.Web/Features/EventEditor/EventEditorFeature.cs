namespace Registration.Web.Features.EventEditor;

public static class EventEditorFeature
{
    public static IServiceCollection AddEventEditor(this IServiceCollection services) =>
        services.AddSingleton<EventEditorService>();
}
