using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Registration.Web.Domain;

/// <summary>
/// Makes the code a person shows at the door: HMAC-SHA256 of the registration's random salt under the
/// app's secret check-in key, 256 bits, URL-safe. Only the code's SHA-256 is stored, to find the
/// registration when the code is scanned.
/// <para>
/// Why derived rather than random: every email that shows the code (the confirmation, a promotion, any
/// later one) must show the same code, so that one sent earlier keeps working and the person has one
/// code at the door; deriving it lets any email recompute it without the plain code ever being stored.
/// Why keyed: a copy of the database alone (salts and hashes) cannot make a code; the key lives in the
/// data folder, encrypted with the data-protection keys. Why a salt and not the id: the id is known only
/// once the row is inserted, and a random salt also keeps codes unrelated to the order of sign-ups.
/// </para>
/// </summary>
public sealed class CheckInKey
{
    public const int SecretBytes = 32;

    private readonly byte[] _secret;

    public CheckInKey(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < SecretBytes)
        {
            throw new ArgumentException($"A check-in key has {SecretBytes} bytes or more.", nameof(secret));
        }

        _secret = [.. secret];
    }

    public string CodeFor(EventRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return Base64Url.EncodeToString(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(registration.CheckInSalt)));
    }

    /// <summary>SHA-256 of a code, upper-case hex: what the database keeps and looks codes up by.</summary>
    public static string HashOf(string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    /// <summary>128 random bits, lower-case hex (as the migration makes them for older registrations).</summary>
    internal static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
