using Microsoft.Extensions.Options;

namespace Registration.Web.Infrastructure;

/// <summary>
/// Settings refused at start, one line each, so that an administrator reads what to fix instead of a stack trace.
/// </summary>
public static class SettingsProblems
{
    /// <summary>Every failure the start-up checks found; empty when the exception is not about settings.</summary>
    public static IReadOnlyList<string> Lines(Exception exception) => exception switch
    {
        OptionsValidationException invalid => invalid.Failures.ToList(),

        // The host gathers the failures of several option types into one AggregateException.
        AggregateException many when many.InnerExceptions.All(inner => inner is OptionsValidationException) =>
            many.InnerExceptions.SelectMany(Lines).ToList(),

        // A value that cannot be read as its type at all (Email:Smtp:Port=abc); the binder names the setting.
        InvalidOperationException unreadable when unreadable.TargetSite?.DeclaringType == typeof(ConfigurationBinder) => [unreadable.Message],
        _ => [],
    };
}
