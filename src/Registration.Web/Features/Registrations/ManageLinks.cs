using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Registration.Web.Domain;

namespace Registration.Web.Features.Registrations;

/// <summary>
/// The manage link's token travels to the person only by email, a new one in every email. Until the
/// email is sent it waits in the outbox row, encrypted with the app's data-protection keys; the
/// registration keeps only hashes.
/// </summary>
public sealed class ManageLinks(IDataProtectionProvider protection)
{
    /// <summary>
    /// The token rides in the query string, not the path: request paths appear in log scopes and router
    /// traces, query strings do not (and request logging, which shows them, is held at Warning).
    /// </summary>
    public const string TokenParameter = "token";

    private readonly IDataProtector _protector = protection.CreateProtector("Registration.ManageLink.v1");

    /// <summary>A new manage link for one email about <paramref name="registration"/>, encrypted for its outbox row.</summary>
    public string Issue(EventRegistration registration, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return Protect(registration.IssueManageToken(nowUtc));
    }

    public string Protect(string token) => _protector.Protect(JsonSerializer.Serialize(new Payload(token)));

    public string Unprotect(string protectedPayload) => JsonSerializer.Deserialize<Payload>(_protector.Unprotect(protectedPayload))!.ManageToken;

    public static string ManagePath(string token) => $"manage?{TokenParameter}={Uri.EscapeDataString(token)}";

    public static string CancelPath(string token) => $"manage/cancel?{TokenParameter}={Uri.EscapeDataString(token)}";

    public static string EditPath(string token) => $"manage/edit?{TokenParameter}={Uri.EscapeDataString(token)}";

    /// <summary>The page where the person erases this registration's personal data.</summary>
    public static string DeletePath(string token) => $"manage/delete?{TokenParameter}={Uri.EscapeDataString(token)}";

    /// <summary>The page that confirms a new email address, reached from the link sent to it.</summary>
    public static string EmailChangePath(string secret) => $"manage/email?{TokenParameter}={Uri.EscapeDataString(secret)}";

    /// <summary>The person's own calendar file, which carries the joining link once they have a place.</summary>
    public static string CalendarPath(string token) => $"manage/calendar.ics?{TokenParameter}={Uri.EscapeDataString(token)}";

    private sealed record Payload(string ManageToken);
}
