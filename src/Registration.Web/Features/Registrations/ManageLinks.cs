using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Registrations;

/// <summary>
/// The manage link's token travels to the person only by email. Until the email is sent it waits in the
/// outbox row, encrypted with the app's data-protection keys; the registration keeps only a hash.
/// </summary>
public sealed class ManageLinks(IDataProtectionProvider protection, PublicUrls urls)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Registration.ManageLink.v1");

    public string Protect(string token) => _protector.Protect(JsonSerializer.Serialize(new Payload(token)));

    public string Unprotect(string protectedPayload) => JsonSerializer.Deserialize<Payload>(_protector.Unprotect(protectedPayload))!.ManageToken;

    public Uri ManageUrl(string token, HttpRequest? request = null) => new(urls.BaseUri(request), $"manage/{token}");

    private sealed record Payload(string ManageToken);
}
