using System.Text;

namespace Registration.Web.Features.Import;

/// <summary>
/// Reads a page's text. Jekyll pages are UTF-8 (a byte order mark may say UTF-16), but an old page saved by
/// an editor in Windows' own encoding would otherwise come out with "�" for every accented letter.
/// </summary>
internal static class PageFile
{
    public const string NotUtf8Note = "The file is not UTF-8: read as Latin-1; check accented letters.";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text, and whether it had to be read as Windows-1252 (Latin-1 with typographic quotes) because it was not UTF-8.</summary>
    public static async Task<(string Text, bool NotUtf8)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        using var reader = new StreamReader(new MemoryStream(bytes), StrictUtf8, detectEncodingFromByteOrderMarks: true);
        try
        {
            return (await reader.ReadToEndAsync(cancellationToken), false);
        }
        catch (DecoderFallbackException)
        {
            return (CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes), true);
        }
    }
}
