using System.Globalization;
using System.Text.RegularExpressions;
using Briefer.Core.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads PDFs with PdfPig: each page's text in the order the PDF draws it, pages separated by a blank line and kept
/// as sections, so citations can say <c>p. 3</c>. The title is the document's metadata title (unless it is only a
/// file name), else the largest text on the first page, else its first short line; the date is the creation date.
/// Encrypted, image-only (scanned) and damaged files are refused, each with its own message.
/// </summary>
public sealed partial class PdfExtractor : IDocumentExtractor
{
    private static readonly ContentOrderTextExtractor.Options TextOptions = new() { ReplaceWhitespaceWithSpace = true };

    public IReadOnlyCollection<string> MediaTypes { get; } = [Ingestion.MediaTypes.Pdf];

    public IReadOnlyCollection<string> Extensions { get; } = [".pdf"];

    public ExtractedDocument Extract(DocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return Read(content);
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentRejectedException(
                $"'{content.Name}' was not ingested: it is a password-protected (encrypted) PDF. Open it, save a copy without the password (or \"Print to PDF\"), and send that.",
                ex);
        }
        catch (DocumentRejectedException)
        {
            throw;
        }
#pragma warning disable CA1031 // A third-party parser on untrusted bytes: whatever it throws means "damaged", said in one line.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new DocumentRejectedException(
                $"'{content.Name}' was not ingested: it cannot be read as a PDF; the file is damaged or incomplete. Download or export it again.",
                ex);
        }
    }

    private static ExtractedDocument Read(DocumentContent content)
    {
        using var pdf = PdfDocument.Open(content.Bytes.ToArray(), new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        var pages = new List<string>(pdf.NumberOfPages);
        var sections = new List<DocumentSection>();
        var text = new System.Text.StringBuilder();
        string? largestOnFirstPage = null;
        var images = 0;
        foreach (var page in pdf.GetPages())
        {
            content.Budget.Check();
            images += page.NumberOfImages;
            if (page.Number == 1)
            {
                largestOnFirstPage = LargestText(page);
            }

            var pageText = Unwrap(TextNormalizer.Normalize(ContentOrderTextExtractor.GetText(page, TextOptions)));
            if (pageText.Length == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append("\n\n");
            }

            sections.Add(new DocumentSection(text.Length, string.Create(CultureInfo.InvariantCulture, $"p. {page.Number}"), page.Number));
            text.Append(pageText);
            pages.Add(pageText);
        }

        if (text.Length == 0)
        {
            var why = images > 0 ? "its pages are images (a scan) with no text layer" : "it has no text layer";
            throw new DocumentRejectedException(
                $"'{content.Name}' was not ingested: {why}, and Briefer does not read text out of images (OCR is not supported). "
                + "Send a PDF with selectable text (export it from the original program), or run OCR on it first.");
        }

        var lines = pages[0].Split('\n');
        var title = MetadataTitle(pdf.Information.Title)
            ?? DocumentHeader.AsTitle(largestOnFirstPage)
            ?? DocumentHeader.AsTitle(lines.FirstOrDefault(l => l.Length > 0 && !DocumentHeader.IsDateLine(l)))
            ?? DocumentHeader.TitleFromFileName(content.Name, text.ToString());
        DateOnly? published = pdf.Information.GetCreatedDateTimeOffset() is { } created ? DateOnly.FromDateTime(created.UtcDateTime) : null;
        return new ExtractedDocument(title, text.ToString(), DocumentHeader.FindDateLine(lines) ?? published)
        {
            Sections = sections,
            PageCount = pdf.NumberOfPages,
            Blocks = LineBlocks(text.ToString()),
        };
    }

    /// <summary>
    /// A PDF marks no structure Briefer can rely on: each line (after <see cref="Unwrap"/>, a paragraph or a short line
    /// such as a heading, list item or table row) is a paragraph block under no heading; the page comes from the sections.
    /// </summary>
    internal static IReadOnlyList<TextBlock> LineBlocks(string text)
    {
        var blocks = new List<TextBlock>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end;
            if (end > start)
            {
                blocks.Add(new TextBlock(start, end, BlockKind.Paragraph, string.Empty));
            }

            start = end + 1;
        }

        return blocks;
    }

    /// <summary>
    /// Joins the lines a PDF wrapped: a line at least three quarters as long as the page's longest continues on the next one
    /// (a space instead of the break), so sentences are whole again for chunking and quoting. Short lines (headings, list
    /// items, table rows, a paragraph's last line) keep their break.
    /// </summary>
    internal static string Unwrap(string pageText)
    {
        var lines = pageText.Split('\n');
        if (lines.Length < 2)
        {
            return pageText;
        }

        var longest = lines.Max(l => l.Length);
        var text = new System.Text.StringBuilder(pageText.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            text.Append(lines[i]);
            if (i == lines.Length - 1)
            {
                break;
            }

            var wrapped = longest >= 40 && lines[i].Length >= longest * 3 / 4 && lines[i + 1].Length > 0;
            text.Append(wrapped ? ' ' : '\n');
        }

        return text.ToString();
    }

    /// <summary>The words set in the largest type on the page, when that is larger than the body text: usually the title.</summary>
    private static string? LargestText(Page page)
    {
        var words = page.GetWords().Where(w => w.Letters.Count > 0).ToList();
        if (words.Count < 2)
        {
            return null;
        }

        var sizes = words.Select(w => Math.Round(w.Letters[0].PointSize, 1)).ToList();
        var largest = sizes.Max();
        var body = sizes.Order().ElementAt(sizes.Count / 2);
        if (largest <= body * 1.15)
        {
            return null;
        }

        var title = string.Join(' ', words.Where((_, i) => sizes[i] == largest).Select(w => w.Text));
        return TextNormalizer.Normalize(title).Replace('\n', ' ');
    }

    /// <summary>The metadata title, unless it is empty or just a file name ("Microsoft Word - draft3.docx", "report.pdf").</summary>
    private static string? MetadataTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var cleaned = TextNormalizer.Normalize(title).Replace('\n', ' ');
        if (FileNameTitle().IsMatch(cleaned) || cleaned.StartsWith("Microsoft Word - ", StringComparison.OrdinalIgnoreCase) || cleaned.Equals("untitled", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return DocumentHeader.AsTitle(cleaned);
    }

    [GeneratedRegex(@"^\S+\.(?:pdf|docx?|odt|rtf|txt|indd|pages|tex|html?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FileNameTitle();
}
