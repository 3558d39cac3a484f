using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Briefer.Core.Documents;

namespace Briefer.Core.Ingestion;

/// <summary>
/// The one text-decoding step every text format shares: a byte order mark wins, then a charset declared by the
/// sender (HTTP Content-Type), then strict UTF-8; only when an HTML page is not valid UTF-8 is its own
/// <c>&lt;meta charset&gt;</c> consulted. Bytes that are not prose (NUL bytes, mostly control characters) are refused.
/// </summary>
internal static partial class TextDecoder
{
    // More than this share of control characters (other than tab, line feed, carriage return, form feed)
    // means the bytes are not prose, whatever their encoding.
    private const double MaxControlCharShare = 0.05;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16LittleEndian = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16BigEndian = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    // How far into an HTML file a <meta charset> is looked for; the HTML standard's pre-scan reads 1024 bytes,
    // a little more allows for long comments or scripts at the top of <head>.
    private const int CharsetSniffBytes = 2048;

    /// <summary>
    /// Decodes <paramref name="bytes"/>: a byte order mark wins, then a charset declared by the sender (HTTP
    /// Content-Type), then strict UTF-8; only when an HTML page is not valid UTF-8 is its own
    /// <c>&lt;meta charset&gt;</c> consulted, so files that declare nothing stay strictly UTF-8.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string name, string? declaredCharset, bool isHtml)
    {
        var text = HasBom(bytes) || declaredCharset is null || IsUtf8(declaredCharset)
            ? DecodeUnicode(bytes, name, isHtml)
            : DecodeDeclared(bytes, name, declaredCharset, "its Content-Type");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DocumentRejectedException($"'{name}' was not ingested: it is empty (it holds only whitespace). Check that the file was saved or uploaded completely, then send it again.");
        }

        return text;
    }

    private static bool HasBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    internal static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static string DecodeDeclared(ReadOnlySpan<byte> bytes, string name, string charset, string declaredBy)
    {
        var encoding = ResolveEncoding(charset, name, declaredBy);
        if (encoding.CodePage is 1200 or 1201)
        {
            return DecodeUtf16(encoding.CodePage == 1200 ? StrictUtf16LittleEndian : StrictUtf16BigEndian, bytes, name);
        }

        if (encoding.CodePage == 65001)
        {
            return DecodeUnicode(bytes, name, isHtml: false);
        }

        // In a single- or multi-byte code page a NUL byte is a NUL character: not prose.
        if (bytes.Contains((byte)0))
        {
            throw LooksBinary(name, "it contains NUL bytes");
        }

        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new DocumentRejectedException(
                $"'{name}' was not ingested: it is not valid {charset} text, although {declaredBy} declares that character set. "
                + "Save it as UTF-8 text, then send it again.",
                ex);
        }

        EnsureMostlyText(text, name);
        return text;
    }

    /// <summary>
    /// The strict decoder for a charset label. Following the WHATWG Encoding Standard, "iso-8859-1", "latin1" and
    /// "us-ascii" mean windows-1252: pages so labelled routinely hold its curly quotes and dashes in 0x80–0x9F.
    /// </summary>
    private static Encoding ResolveEncoding(string charset, string name, string declaredBy)
    {
        CodePages.EnsureRegistered();
        var label = charset.ToLowerInvariant() switch
        {
            "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "cp1252" or "x-cp1252" => "windows-1252",
            var other => other,
        };

        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(label, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException ex)
        {
            throw new DocumentRejectedException(
                $"'{name}' was not ingested: {declaredBy} declares the character set '{charset}', which is not a known encoding. "
                + "Save it as UTF-8 text (most editors offer this under \"Save as\" / \"Encoding\"), then send it again.",
                ex);
        }

        if (encoding.CodePage is 12000 or 12001)
        {
            throw NotUtf8(name, "it is UTF-32 encoded");
        }

        return encoding;
    }

    private static string DecodeUnicode(ReadOnlySpan<byte> bytes, string name, bool isHtml)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            throw NotUtf8(name, "it is UTF-32 encoded");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return DecodeUtf16(StrictUtf16LittleEndian, bytes[2..], name);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return DecodeUtf16(StrictUtf16BigEndian, bytes[2..], name);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (bytes.Contains((byte)0))
        {
            throw LooksLikeUtf16(bytes)
                ? NotUtf8(name, "it looks like UTF-16 text without a byte order mark")
                : LooksBinary(name, "it contains NUL bytes");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException) when (isHtml && SniffMetaCharset(bytes) is { } metaCharset && !IsUtf8(metaCharset)
            && !metaCharset.StartsWith("utf-16", StringComparison.OrdinalIgnoreCase))
        {
            // A <meta> that could be read as ASCII cannot have been written in UTF-16: the HTML standard reads
            // such a declaration as UTF-8, which has just failed, so only other charsets are worth a try.
            return DecodeDeclared(bytes, name, metaCharset, "its <meta charset>");
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? string.Create(CultureInfo.InvariantCulture, $" (invalid byte sequence near byte {ex.Index})") : string.Empty;
            throw NotUtf8(name, $"it is not valid UTF-8{offset}", ex);
        }

        EnsureMostlyText(text, name);
        return text;
    }

    private static string DecodeUtf16(UnicodeEncoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw NotUtf8(name, "its UTF-16 byte order mark is followed by invalid UTF-16", ex);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw LooksBinary(name, "it contains NUL characters");
        }

        EnsureMostlyText(text, name);
        return text;
    }

    /// <summary>Mostly-ASCII UTF-16 has a NUL in every other byte, all on the same side.</summary>
    private static bool LooksLikeUtf16(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..(Math.Min(bytes.Length, 4096) & ~1)];
        if (sample.Length < 4)
        {
            return false;
        }

        int evenNuls = 0, oddNuls = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenNuls += sample[i] == 0 ? 1 : 0;
            oddNuls += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;
        return (evenNuls > pairs * 0.8 && oddNuls == 0) || (oddNuls > pairs * 0.8 && evenNuls == 0);
    }

    private static void EnsureMostlyText(string text, string name)
    {
        if (text.Length == 0)
        {
            return;
        }

        var control = 0;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
            {
                control++;
            }
        }

        if (control > text.Length * MaxControlCharShare)
        {
            throw LooksBinary(name, string.Create(CultureInfo.InvariantCulture, $"{control} of its {text.Length} characters are control characters"));
        }
    }

    /// <summary>
    /// The charset an HTML page declares in its first <see cref="CharsetSniffBytes"/> bytes, by
    /// <c>&lt;meta charset="…"&gt;</c> or <c>&lt;meta http-equiv="Content-Type" content="…; charset=…"&gt;</c>.
    /// The bytes are read as Latin-1, which maps every byte to one character, so the ASCII markup is found
    /// whatever the real encoding (of the ASCII-compatible ones a meta tag can be written in).
    /// </summary>
    private static string? SniffMetaCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, CharsetSniffBytes)]);
        var match = MetaCharset().Match(head);
        return match.Success ? match.Groups["charset"].Value : null;
    }

    /// <summary>
    /// Legacy code pages (windows-1252, ISO-8859-x, KOI8-R, Shift_JIS, …) are not built into .NET. The runtime runs
    /// a static constructor exactly once and makes other threads wait for it, so no caller can see the provider
    /// half-registered. The provider's tables are embedded data, independent of ICU, so this works under
    /// <c>InvariantGlobalization</c>.
    /// </summary>
    private static class CodePages
    {
        static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        public static void EnsureRegistered()
        {
            // Calling this runs the static constructor on first use.
        }
    }

    [GeneratedRegex(@"<meta\b[^>]*?\bcharset\s*=\s*[""']?\s*(?<charset>[A-Za-z0-9._:\-]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    private static DocumentRejectedException LooksBinary(string name, string evidence) =>
        new($"'{name}' was not ingested: it looks like a binary file, not text ({evidence}). Send documents as text, Markdown, HTML, PDF or Word (.docx).");

    private static DocumentRejectedException NotUtf8(string name, string reason, Exception? inner = null)
    {
        var message = $"'{name}' was not ingested: {reason}. Save it as UTF-8 text (most editors offer this under \"Save as\" / \"Encoding\"), then send it again.";
        return inner is null ? new DocumentRejectedException(message) : new DocumentRejectedException(message, inner);
    }
}
