using System.IO.Compression;

namespace Briefer.Core.Ingestion;

/// <summary>What the first bytes of a document say it is.</summary>
/// <param name="MediaType">The media type when the bytes identify one Briefer may read, else null.</param>
/// <param name="Unsupported">When the bytes identify a format Briefer does not read: what it is and what to do, for the user.</param>
internal sealed record SniffedType(string? MediaType, string? Unsupported = null)
{
    public static readonly SniffedType Text = new((string?)null);
}

/// <summary>
/// Content sniffing: binary formats announce themselves in their first bytes (PDF's <c>%PDF-</c>, ZIP's <c>PK</c>,
/// image and archive signatures), so a PDF renamed <c>.txt</c> is still read as a PDF, and a photo named
/// <c>.txt</c> is refused for what it is. ZIP files are told apart by their entries (a Word document has
/// <c>word/document.xml</c>). Anything else is text, whose format the name or the sender's media type tells.
/// </summary>
internal static class MediaTypeSniffer
{
    // PDF readers accept the header anywhere in the first 1024 bytes (some files carry junk before it).
    private const int PdfHeaderWindow = 1024;

    public static SniffedType Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes[..Math.Min(bytes.Length, PdfHeaderWindow)].IndexOf("%PDF-"u8) >= 0)
        {
            return new SniffedType(MediaTypes.Pdf);
        }

        if (bytes.StartsWith("PK\x03\x04"u8) || bytes.StartsWith("PK\x05\x06"u8))
        {
            return SniffZip(bytes);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return Unsupported("is an old-style Office file (Word 97-2003 .doc, .xls or .ppt). Open it in Word or LibreOffice and save it as .docx or PDF");
        }

        if (bytes.StartsWith("{\\rtf"u8))
        {
            return Unsupported("is a Rich Text (.rtf) file. Save it as .docx, PDF or plain text");
        }

        if (IsImage(bytes))
        {
            return Unsupported("is an image. Briefer reads text; it does not read text out of pictures (OCR is not supported). Send the document as PDF with a text layer, Word or text");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) || bytes.StartsWith("Rar!"u8))
        {
            return Unsupported("is a compressed archive. Unpack it and send the documents inside");
        }

        return SniffedType.Text;
    }

    private static bool IsImage(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])
        || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || bytes.StartsWith("GIF8"u8)
        || bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8)
        || (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8));

    /// <summary>Reads the ZIP's central directory (names only, nothing decompressed) to tell Office formats apart.</summary>
    private static SniffedType SniffZip(ReadOnlySpan<byte> bytes)
    {
        HashSet<string> names;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes.ToArray(), writable: false), ZipArchiveMode.Read);
            names = archive.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        catch (InvalidDataException)
        {
            return Unsupported("is a binary file (a ZIP archive, as Word documents are) that cannot be opened: it is damaged or incomplete. Save or download it again");
        }

        if (names.Contains("word/document.xml"))
        {
            return new SniffedType(MediaTypes.Docx);
        }

        if (names.Contains("xl/workbook.xml"))
        {
            return Unsupported("is an Excel workbook, which Briefer does not read. Export the sheets you need as PDF or text");
        }

        if (names.Contains("ppt/presentation.xml"))
        {
            return Unsupported("is a PowerPoint presentation, which Briefer does not read. Export it as PDF");
        }

        if (names.Contains("content.xml") && names.Contains("mimetype"))
        {
            return Unsupported("is an OpenDocument file, which Briefer does not read. Save it as .docx or PDF");
        }

        return Unsupported("is a ZIP archive. Unpack it and send the documents inside");
    }

    private static SniffedType Unsupported(string reason) => new(null, reason);
}
