using Microsoft.Extensions.Options;
using Registration.Web.Features.Email;
using Registration.Web.Infrastructure;

namespace Registration.Web.Features.Privacy;

/// <summary>
/// In pickup mode every email sent is a file in <c>&lt;DataDirectory&gt;/mail</c>, holding the address, the
/// name, the answers repeated and a working manage link. This removes the files of given messages, found
/// by their Message-ID header (the outbox's <c>MessageId</c>), which stays the same across retries.
/// </summary>
public sealed class MailFolder(IOptions<EmailOptions> email, DataDirectory dataDirectory)
{
    /// <summary>How far into a file its headers are looked for; ours are far shorter.</summary>
    private const int HeaderBytes = 16 * 1024;

    /// <summary>Deletes the file of each message in <paramref name="messageIds"/>; returns how many went.</summary>
    public int Delete(IReadOnlySet<Guid> messageIds)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        var folder = Path.Combine(dataDirectory.Path, MailTransport.PickupFolder);
        if (messageIds.Count == 0 || email.Value.Mode != EmailMode.Pickup || !Directory.Exists(folder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            if (MessageIdOf(file) is { } id && messageIds.Contains(id))
            {
                File.Delete(file);
                deleted++;
            }
        }

        return deleted;
    }

    private static Guid? MessageIdOf(string file)
    {
        try
        {
            using var reader = new StreamReader(file);
            var read = 0;
            for (var line = reader.ReadLine(); !string.IsNullOrEmpty(line) && read < HeaderBytes; line = reader.ReadLine())
            {
                read += line.Length;

                // <32 hex digits@host>, as MessageComposer writes it.
                if (line.StartsWith("Message-ID: <", StringComparison.OrdinalIgnoreCase) && line.IndexOf('@', StringComparison.Ordinal) is > 13 and var at
                    && Guid.TryParseExact(line[13..at], "N", out var id))
                {
                    return id;
                }
            }
        }
        catch (FileNotFoundException)
        {
            // Removed meanwhile (by another run, or by hand): nothing left to delete.
        }

        return null;
    }
}
