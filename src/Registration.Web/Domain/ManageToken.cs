using System.Security.Cryptography;
using System.Text;

namespace Registration.Web.Domain;

/// <summary>
/// One manage link, sent in one email. Only the token's hash is kept. A token works while its
/// generation is the registration's current one (<see cref="EventRegistration.LinkGeneration"/>), so a
/// registration can hold many live links (every email its own) and turn them all off in one step.
/// </summary>
public sealed class ManageToken
{
    private ManageToken()
    {
        Hash = string.Empty;
    }

    public long Id { get; private set; }

    public int RegistrationId { get; private set; }

    public EventRegistration? Registration { get; private set; }

    /// <summary>SHA-256 of the token, upper-case hex.</summary>
    public string Hash { get; private set; }

    public int Generation { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    internal static (ManageToken Token, string Secret) Issue(EventRegistration registration, DateTime nowUtc)
    {
        var secret = NewSecret();
        return (new ManageToken { Registration = registration, Hash = HashOf(secret), Generation = registration.LinkGeneration, CreatedAtUtc = nowUtc }, secret);
    }

    public static string HashOf(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A secret for a link and the hash to keep of it, made as manage links' are.</summary>
    internal static (string Hash, string Secret) NewHashedSecret()
    {
        var secret = NewSecret();
        return (HashOf(secret), secret);
    }

    /// <summary>Moves this link into the registration's current generation, so it survives turning the others off.</summary>
    internal void KeepIn(int generation) => Generation = generation;

    /// <summary>256 random bits, URL-safe.</summary>
    private static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
