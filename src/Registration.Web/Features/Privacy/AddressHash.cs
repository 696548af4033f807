using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Registration.Web.Domain;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Privacy;

/// <summary>
/// A keyed hash of an email address, so the record of an erasure can show that one happened, and a later
/// question ("did you erase me?") can be answered by hashing the address again, without the record holding
/// the address. Keyed, with 32 random bytes in <c>&lt;DataDirectory&gt;/privacy.key</c>, because a plain
/// hash of an address is reversed by hashing a list of addresses.
/// </summary>
public sealed class AddressHash
{
    private const string FileName = "privacy.key";
    private readonly Lazy<byte[]> _key;

    public AddressHash(IDataProtectionProvider protection, DataDirectory folder)
    {
        var protector = protection.CreateProtector("Registration.PrivacyKey.v1");
        _key = new Lazy<byte[]>(() => KeyFile.LoadOrCreate(
            protector, Path.Combine(folder.Path, FileName), 32, "erasures already recorded can no longer be matched to an address"));
    }

    /// <summary>HMAC-SHA256 of the address as it compares (<see cref="EventRegistration.NormalizeEmail"/>), in hex.</summary>
    public string Of(string email) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(EventRegistration.NormalizeEmail(email))));
}
