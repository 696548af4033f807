using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Registration.Web.Infrastructure;

/// <summary>
/// A secret of the app's own kept in a file of the data folder, encrypted with the data-protection keys
/// (and so with <c>Registration:KeyCertificate</c> when that is set): not in the database, so that a copy of
/// the database alone cannot use it. Made on first use.
/// </summary>
internal static class KeyFile
{
    /// <param name="whatBreaks">What stops working when the file is replaced, for the message when it cannot be read.</param>
    public static byte[] LoadOrCreate(IDataProtector protector, string path, int length, string whatBreaks)
    {
        ArgumentNullException.ThrowIfNull(protector);
        if (!File.Exists(path))
        {
            // Written whole under another name, then moved into place without replacing one that another
            // process (an import, say) made meanwhile: every process then uses the same key.
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, protector.Protect(RandomNumberGenerator.GetBytes(length)));
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        try
        {
            return protector.Unprotect(File.ReadAllBytes(path));
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"The key {path} cannot be decrypted with the data-protection keys beside it (were they replaced, or is Registration:KeyCertificate a different certificate?). Restore the keys folder; deleting {path} instead makes a new key, and {whatBreaks}.", e);
        }
    }
}
