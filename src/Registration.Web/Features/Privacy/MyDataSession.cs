using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Registration.Web.Features.Privacy;

/// <summary>What a used link to a person's data lets its browser see, and until when.</summary>
public sealed record MyDataSession(string NormalizedEmail, DateTime ExpiresAtUtc, DateTime StartedAtUtc);

/// <summary>
/// The short session a used link starts: a cookie for <c>/my-data</c> alone, encrypted with the app's
/// data-protection keys so it cannot be made up, HttpOnly, SameSite=Strict, holding the address and the
/// link's own end, checked against the app's clock. It ends at the link's end, or when the address's data
/// is erased by any route in this process (<see cref="EndAllFor"/>), so a cookie kept from before an erasure
/// does not show what is registered under the address afterwards. That record is kept in memory: a restart
/// forgets it, and the cookies last an hour at most.
/// </summary>
public sealed class MyDataSessions(IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTime> _erasedAtUtc = new(StringComparer.Ordinal);

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
            var now = clock.GetUtcNow().UtcDateTime;
            return session is not null && now < session.ExpiresAtUtc
                && !(_erasedAtUtc.TryGetValue(session.NormalizedEmail, out var erased) && erased >= session.StartedAtUtc)
                ? session
                : null;
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The address's data was erased: every session started for it until now ends, in every browser.</summary>
    public void EndAllFor(string normalizedEmail)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        _erasedAtUtc[normalizedEmail] = now;

        // Entries older than any session could be are let go, so the record stays small.
        foreach (var old in _erasedAtUtc.Where(e => e.Value < now - DataAccessRequest.Lifespan).Select(e => e.Key).ToList())
        {
            _erasedAtUtc.TryRemove(old, out _);
        }
    }

    public void End(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CookiePath, HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict });
    }
}
