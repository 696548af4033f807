using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Registration.Web.Features.Registrations;

/// <summary>
/// The manage link's token travels to the person only by email. Until the email is sent it waits in the
/// outbox row, encrypted with the app's data-protection keys; the registration keeps only a hash.
/// </summary>
public sealed class ManageLinks(IDataProtectionProvider protection)
{
    /// <summary>
    /// The token rides in the query string, not the path: request paths appear in log scopes and router
    /// traces, query strings do not (and request logging, which shows them, is held at Warning).
    /// </summary>
    public const string TokenParameter = "token";

    private readonly IDataProtector _protector = protection.CreateProtector("Registration.ManageLink.v1");

    public string Protect(string token) => _protector.Protect(JsonSerializer.Serialize(new Payload(token)));

    public string Unprotect(string protectedPayload) => JsonSerializer.Deserialize<Payload>(_protector.Unprotect(protectedPayload))!.ManageToken;

    public static string ManagePath(string token) => $"manage?{TokenParameter}={Uri.EscapeDataString(token)}";

    public static string CancelPath(string token) => $"manage/cancel?{TokenParameter}={Uri.EscapeDataString(token)}";

    private sealed record Payload(string ManageToken);
}
