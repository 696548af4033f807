using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Registration.Web.Features.Privacy;

/// <summary>What a used link to a person's data lets its browser see, and until when.</summary>
public sealed record MyDataSession(string NormalizedEmail, DateTime ExpiresAtUtc);

/// <summary>
/// The short session a used link starts: a cookie for <c>/my-data</c> alone, encrypted with the app's
/// data-protection keys so it cannot be made up, HttpOnly, SameSite=Strict, holding the address and the
/// link's own end, checked against the app's clock. It ends at the link's end, or when the data is deleted.
/// </summary>
public sealed class MyDataSessions(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "registration.my-data";
    public const string CookiePath = "/my-data";

    private readonly IDataProtector _protector = protection.CreateProtector("Registration.MyDataSession.v1");

    public void Start(HttpContext http, MyDataSession session)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(session);
        http.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(session)), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = CookiePath,
            MaxAge = session.ExpiresAtUtc - clock.GetUtcNow().UtcDateTime,
            IsEssential = true,
        });
    }

    /// <summary>The session the request carries, if it is genuine and has not run out; else null.</summary>
    public MyDataSession? Current(HttpContext? http)
    {
        if (http is null || !http.Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        try
        {
            var session = JsonSerializer.Deserialize<MyDataSession>(_protector.Unprotect(cookie));
            return session is not null && clock.GetUtcNow().UtcDateTime < session.ExpiresAtUtc ? session : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            return null;
        }
    }

    public void End(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CookiePath, HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict });
    }
}
