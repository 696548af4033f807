using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Organisers;

internal enum SignInOutcome
{
    SignedIn,
    NotRight,
    LockedOut,
    TooManyForAddress,
}

/// <summary>
/// Wrong passwords for one address from one client address. Five in a row pause that pair for
/// <see cref="OrganiserSetup.Lockout"/>; the same account can still be signed in to from anywhere else, so
/// a stranger guessing cannot lock an organiser out. Unknown addresses are counted just like known ones.
/// </summary>
public sealed class SignInLockouts(TimeProvider clock)
{
    public const int MaxFailures = 5;
    private const int SweepAbove = 10_000;

    private readonly Dictionary<(string Address, string Client), Failures> _failures = [];
    private DateTimeOffset _nextSweep;

    /// <summary>Pairs held, for the test that shows old ones are dropped.</summary>
    internal int Count
    {
        get
        {
            lock (_failures)
            {
                return _failures.Count;
            }
        }
    }

    public bool IsLockedOut(string address, string client)
    {
        lock (_failures)
        {
            return _failures.TryGetValue((address, client), out var failures) && failures.LockedUntil > clock.GetUtcNow();
        }
    }

    /// <summary>Counts a wrong password; true when it is the one that locks the pair.</summary>
    public bool Fail(string address, string client)
    {
        var now = clock.GetUtcNow();
        lock (_failures)
        {
            // Forgotten pairs are dropped now and then, so guessing many addresses cannot fill the memory.
            if (_failures.Count > SweepAbove && now >= _nextSweep)
            {
                _nextSweep = now.AddMinutes(1);
                foreach (var stale in _failures.Where(f => f.Value.LockedUntil <= now && f.Value.Last <= now - OrganiserSetup.Lockout).Select(f => f.Key).ToList())
                {
                    _failures.Remove(stale);
                }
            }

            var failures = _failures.TryGetValue((address, client), out var found) ? found : new Failures();

            // Failures long apart are forgetfulness, not guessing.
            var count = failures.Last <= now - OrganiserSetup.Lockout ? 1 : failures.Count + 1;
            var locks = count >= MaxFailures;
            _failures[(address, client)] = locks
                ? new Failures(0, now, now + OrganiserSetup.Lockout)
                : new Failures(count, now, failures.LockedUntil);
            return locks;
        }
    }

    /// <summary>Lifts every pause on an address, once its owner has set a new password through an emailed link.</summary>
    public void ForgetAddress(string address)
    {
        lock (_failures)
        {
            foreach (var key in _failures.Keys.Where(k => k.Address == address).ToList())
            {
                _failures.Remove(key);
            }
        }
    }

    public void Succeed(string address, string client)
    {
        lock (_failures)
        {
            _failures.Remove((address, client));
        }
    }

    private readonly record struct Failures(int Count, DateTimeOffset Last, DateTimeOffset LockedUntil);
}

/// <summary>
/// Browsers that have shown they belong to an organiser: signed in with the password, or set a new one
/// through an emailed link. They keep a cookie naming the account and its security stamp, encrypted with the
/// data-protection keys and good for 180 days, so it cannot be made up, and it stops counting once the stamp
/// changes (a new password, "sign out everywhere") or the account goes. It only spares its holder the
/// per-address limit that strangers can use up; the password, the per-client limit and the pause all
/// still apply.
/// </summary>
internal sealed class SignInDevices(IDataProtectionProvider protection)
{
    public const string CookieName = "registration.device";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Registration.SignInDevice.v1").ToTimeLimitedDataProtector();

    public bool Knows(HttpContext http, Organiser? organiser)
    {
        if (organiser is null || !http.Request.Cookies.TryGetValue(CookieName, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return false;
        }

        try
        {
            return string.Equals(_protector.Unprotect(cookie), Holder(organiser), StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Remember(HttpContext http, Organiser organiser) =>
        http.Response.Cookies.Append(CookieName, _protector.Protect(Holder(organiser), Lifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/organiser",
            MaxAge = Lifetime,
        });

    private static string Holder(Organiser organiser) => organiser.Id + "\n" + organiser.SecurityStamp;
}

/// <summary>
/// A password that no one knows, hashed once with the app's own settings, so that a sign-in for an
/// address with no password behind it verifies a hash exactly as a real one does.
/// </summary>
internal sealed class DummyPassword(IOptions<PasswordHasherOptions> options)
{
    private readonly Lazy<string> _hash = new(() =>
        new PasswordHasher<Organiser>(options).HashPassword(new Organiser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    public string Hash => _hash.Value;
}

/// <summary>
/// Signs an organiser in with a password without telling anyone whether an account exists: an unknown
/// address, an invited account with no password yet and a wrong password all verify one password hash and
/// get the same answer; wrong guesses pause only the client that made them (<see cref="SignInLockouts"/>),
/// and attempts on one address are limited per minute from everywhere together, except from a browser that
/// has shown it belongs to the organiser (<see cref="SignInDevices"/>), so that strangers using up that
/// shared limit cannot keep the organiser out.
/// </summary>
internal sealed class OrganiserSignIn(
    UserManager<Organiser> users,
    SignInManager<Organiser> signIn,
    IPasswordHasher<Organiser> hasher,
    DummyPassword dummy,
    SignInLockouts lockouts,
    AttemptLog attempts,
    SignInDevices devices,
    IOptions<RateLimitOptions> limits)
{
    public static string Message(SignInOutcome outcome) => outcome switch
    {
        SignInOutcome.LockedOut => "Too many wrong attempts: signing in with this address from your network is paused for 15 minutes. Try again later.",
        SignInOutcome.TooManyForAddress => "There have been too many attempts to sign in with this address in the last minute. Please wait a minute and try again.",
        _ => "The email address or password is not right.",
    };

    public async Task<SignInOutcome> SignInAsync(string? email, string? password, bool remember, HttpContext http)
    {
        var address = users.NormalizeEmail(email?.Trim()) ?? string.Empty;
        var client = RateLimits.Client(http);

        // A paused client is answered before it counts against the address, so one guesser alone cannot
        // use up the limit everyone shares.
        if (lockouts.IsLockedOut(address, client))
        {
            return SignInOutcome.LockedOut;
        }

        var organiser = await users.FindByEmailAsync(address);
        if (limits.Value.Enabled && !devices.Knows(http, organiser)
            && !attempts.TryTake("sign-in:" + address, limits.Value.SignInsPerAddressPerMinute, TimeSpan.FromMinutes(1)))
        {
            return SignInOutcome.TooManyForAddress;
        }

        bool right;
        if (organiser?.PasswordHash is null)
        {
            // The same work as a real check, so that the time taken does not tell that nobody is there.
            hasher.VerifyHashedPassword(organiser ?? new Organiser(), dummy.Hash, password ?? string.Empty);
            right = false;
        }
        else
        {
            // Identity's own lockout stays off: it would let anyone lock any account from anywhere.
            right = (await signIn.CheckPasswordSignInAsync(organiser, password ?? string.Empty, lockoutOnFailure: false)).Succeeded;
        }

        if (!right)
        {
            return lockouts.Fail(address, client) ? SignInOutcome.LockedOut : SignInOutcome.NotRight;
        }

        lockouts.Succeed(address, client);
        devices.Remember(http, organiser!);
        await signIn.SignInAsync(organiser!, remember, authenticationMethod: "pwd");
        return SignInOutcome.SignedIn;
    }

    /// <summary>
    /// Where to go after signing in: only a path on this site, in plain printable ASCII (a browser would
    /// read <c>//host</c> or <c>/\host</c> as another site, and a header cannot carry other characters);
    /// anything else goes to the dashboard.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url
        && url[0] == '/'
        && !url.StartsWith("//", StringComparison.Ordinal)
        && url.All(c => c is > ' ' and < (char)0x7F and not '\\')
            ? url
            : "/organiser";
}
