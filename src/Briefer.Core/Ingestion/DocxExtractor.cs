using System.Globalization;
using System.IO.Compression;
using System.Text;
using Briefer.Core.Documents;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Briefer.Core.Ingestion;

/// <summary>
/// Reads Word documents (.docx) with the Open XML SDK: paragraphs in order, headings kept as sections (the heading
/// path a citation shows, "Budget › Transport"), list paragraphs as list items, table rows as one line with cells
/// separated by " | " (the first row is the header: the other rows' context); each is a <see cref="TextBlock"/>. Title and date come from the core properties, else the Title-styled paragraph or first heading. The ZIP is
/// checked before anything is decompressed: parts that would unpack beyond <c>Ingestion:MaxUncompressedBytes</c>, or
/// that compress implausibly well, are refused as a ZIP bomb; the XML parser is held to the same limit.
/// </summary>
public sealed class DocxExtractor : IDocumentExtractor
{
    // Real Word XML compresses 5-20x; a bomb compresses hundreds or thousands of times.
    private const double MaxCompressionRatio = 200;

    public IReadOnlyCollection<string> MediaTypes { get; } = [Ingestion.MediaTypes.Docx];

    public IReadOnlyCollection<string> Extensions { get; } = [".docx"];

    public ExtractedDocument Extract(DocumentContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckUnpackedSize(content);
        try
        {
            return Read(content);
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
                $"'{content.Name}' was not ingested: it cannot be read as a Word document; the file is damaged or incomplete. Open it in Word or LibreOffice, save it again as .docx, and send that.",
                ex);
        }
    }

    /// <summary>Refuses a ZIP whose parts would unpack beyond the limit, or compress like a bomb, before anything is unpacked.</summary>
    private static void CheckUnpackedSize(DocumentContent content)
    {
        var limit = content.Limits.MaxUncompressedBytes;
        long total = 0;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content.Bytes.ToArray(), writable: false), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                total += entry.Length;
                var ratio = entry.CompressedLength == 0 ? (entry.Length == 0 ? 1 : double.PositiveInfinity) : (double)entry.Length / entry.CompressedLength;
                if (total > limit || (entry.Length > 1024 * 1024 && ratio > MaxCompressionRatio))
                {
                    var message = string.Create(
                        CultureInfo.InvariantCulture,
                        $"'{content.Name}' was not ingested: it unpacks to more than {total / 1048576.0:0.#} MB ('{entry.FullName}' alone {entry.Length / 1048576.0:0.#} MB from {entry.CompressedLength / 1024.0:0.#} KB), over the {limit / 1048576.0:0.#} MB limit ({IngestionOptions.Section}:{nameof(IngestionOptions.MaxUncompressedBytes)}) or compressed like a ZIP bomb.");
                    throw new DocumentRejectedException(message + " Real documents never compress like this; if it is one, split it.");
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentRejectedException($"'{content.Name}' was not ingested: it cannot be read as a Word document; the ZIP container is damaged ({ex.Message}). Save it again as .docx, and send that.", ex);
        }
    }

    private static ExtractedDocument Read(DocumentContent content)
    {
        using var stream = new MemoryStream(content.Bytes.ToArray(), writable: false);
        using var word = WordprocessingDocument.Open(stream, isEditable: false, new OpenSettings
        {
            AutoSave = false,
            MaxCharactersInPart = content.Limits.MaxUncompressedBytes,
        });
        var body = word.MainDocumentPart?.Document?.Body
            ?? throw new DocumentRejectedException($"'{content.Name}' was not ingested: it is a Word package without a document body. Save it again as .docx, and send that.");
        var styles = ReadStyles(word.MainDocumentPart!);
        var reader = new BodyReader(content.Budget, styles);
        reader.ReadBlocks(body.ChildElements);
        var (text, sections, blocks) = reader.Output.Build();

        var properties = word.PackageProperties;
        var lines = text.Split('\n');
        var title = DocumentHeader.AsTitle(properties.Title)
            ?? DocumentHeader.AsTitle(reader.StyledTitle)
            ?? DocumentHeader.AsTitle(reader.FirstHeading)
            ?? DocumentHeader.AsTitle(lines.FirstOrDefault(l => l.Length > 0 && !DocumentHeader.IsDateLine(l)))
            ?? DocumentHeader.TitleFromFileName(content.Name, text);
        DateOnly? created = properties.Created is { } date ? DateOnly.FromDateTime(date.ToUniversalTime()) : null;
        return new ExtractedDocument(title, text, DocumentHeader.FindDateLine(lines) ?? created) { Sections = sections, Blocks = blocks };
    }

    /// <summary>Style id → heading level (1-9), from the style's name ("heading 2", "Title") or outline level.</summary>
    private static Dictionary<string, StyleInfo> ReadStyles(MainDocumentPart main)
    {
        var result = new Dictionary<string, StyleInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var style in main.StyleDefinitionsPart?.Styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is not { } id)
            {
                continue;
            }

            var name = style.StyleName?.Val?.Value ?? string.Empty;
            int? level = null;
            if (name.StartsWith("heading ", StringComparison.OrdinalIgnoreCase) && int.TryParse(name.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                level = n;
            }
            else if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9)
            {
                level = outline + 1;
            }

            var isTitle = name.Equals("Title", StringComparison.OrdinalIgnoreCase);
            var isList = style.StyleParagraphProperties?.NumberingProperties is not null || name.StartsWith("List", StringComparison.OrdinalIgnoreCase);
            result[id] = new StyleInfo(isTitle ? 1 : level, isTitle, isList);
        }

        return result;
    }

    private sealed record StyleInfo(int? HeadingLevel, bool IsTitle, bool IsList);

    private sealed class BodyReader(ExtractionBudget budget, Dictionary<string, StyleInfo> styles)
    {
        public BlockTextBuilder Output { get; } = new();

        public string? StyledTitle { get; private set; }

        public string? FirstHeading { get; private set; }

        public void ReadBlocks(IEnumerable<OpenXmlElement> elements)
        {
            foreach (var element in elements)
            {
                budget.Check();
                switch (element)
                {
                    case Paragraph paragraph:
                        ReadParagraph(paragraph);
                        break;
                    case Table table:
                        ReadTable(table);
                        break;
                    case SdtBlock sdt:
                        ReadBlocks(sdt.SdtContentBlock?.ChildElements ?? Enumerable.Empty<OpenXmlElement>());
                        break;
                    case CustomXmlBlock custom:
                        ReadBlocks(custom.ChildElements);
                        break;
                    default:
                        // Section properties, bookmarks and the like carry no prose.
                        break;
                }
            }
        }

        private void ReadParagraph(Paragraph paragraph)
        {
            var text = ParagraphText(paragraph);
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            var properties = paragraph.ParagraphProperties;
            var style = properties?.ParagraphStyleId?.Val?.Value is { } id && styles.TryGetValue(id, out var found) ? found : null;
            int? level = properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9 ? outline + 1 : style?.HeadingLevel;
            if (style?.IsTitle == true)
            {
                StyledTitle ??= text;
            }

            if (level is { } headingLevel)
            {
                FirstHeading ??= style?.IsTitle == true ? null : text;
                Output.BlankLine();
                Output.Heading(headingLevel, text);
                return;
            }

            var isList = properties?.NumberingProperties is not null || style?.IsList == true;
            Output.Add(isList ? BlockKind.ListItem : BlockKind.Paragraph, text);
        }

        /// <summary>One block per row, cells separated by " | "; the first row is the header, every other row's context.</summary>
        private void ReadTable(Table table)
        {
            string? header = null;
            foreach (var row in table.Elements<TableRow>())
            {
                budget.Check();
                var cells = row.Elements<TableCell>()
                    .Select(cell => TextNormalizer.Normalize(string.Join(' ', cell.Elements<Paragraph>().Select(ParagraphText).Where(t => !string.IsNullOrWhiteSpace(t)))).Replace('\n', ' '))
                    .ToList();
                if (cells.All(c => c.Length == 0))
                {
                    continue;
                }

                var text = string.Join(" | ", cells);
                Output.Add(BlockKind.TableRow, text, header);
                header ??= text;
            }

            Output.BlankLine();
        }

        private static string ParagraphText(Paragraph paragraph)
        {
            var builder = new StringBuilder();
            foreach (var element in paragraph.Descendants())
            {
                switch (element)
                {
                    case Text text:
                        builder.Append(text.Text);
                        break;
                    case TabChar or PositionalTab:
                        builder.Append(' ');
                        break;
                    case Break or CarriageReturn:
                        builder.Append('\n');
                        break;
                    case NoBreakHyphen:
                        builder.Append('-');
                        break;
                    default:
                        // Deleted text, field codes and drawings are not part of what the reader sees.
                        break;
                }
            }

            return builder.ToString();
        }
    }
}
