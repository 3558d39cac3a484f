using System.IO.Compression;
using System.Text;
using Briefer.Core.Ingestion;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Briefer.Core.Tests.Ingestion;

/// <summary>PDFs and Word documents built in code (PdfPig's builder, the Open XML SDK), and a loader with every extractor.</summary>
internal static class TestDocuments
{
    public static DocumentLoader Loader(IngestionOptions? options = null, TimeProvider? time = null) =>
        new([new PlainTextExtractor(), new MarkdownExtractor(), new HtmlExtractor(), new PdfExtractor(), new DocxExtractor()], Options.Create(options ?? new IngestionOptions()), time);

    /// <summary>A PDF with one page per entry of <paramref name="pages"/>, each line drawn in 11 pt Helvetica.</summary>
    public static byte[] Pdf(string? title, params string[][] pages)
    {
        using var builder = new PdfDocumentBuilder();
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 11, new PdfPoint(50, y), font);
                y -= 16;
            }
        }

        return builder.Build();
    }

    /// <summary>A PDF whose trailer declares standard encryption with a user password (so it cannot be opened without one).</summary>
    public static byte[] EncryptedPdf()
    {
        var text = Encoding.Latin1.GetString(Pdf("Secret", ["Classified harbour figures."]));
        var trailer = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var open = text.IndexOf("<<", trailer, StringComparison.Ordinal);
        var hex = new string('7', 64);
        var encrypt = $"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /O <{hex}> /U <{hex}> /P -3904 >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ";
        return Encoding.Latin1.GetBytes(text.Insert(open + 2, " " + encrypt));
    }

    public sealed record Block(string Text, string? Style = null, bool ListItem = false);

    /// <summary>A .docx with heading styles, the given paragraphs (and an optional table), and core properties.</summary>
    public static byte[] Docx(string? title, DateTime? created, IEnumerable<Block> blocks, string[][]? table = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new Style(new StyleName { Val = "Title" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Heading2" });
            var body = new Body();
            foreach (var block in blocks)
            {
                var properties = new ParagraphProperties();
                if (block.Style is not null)
                {
                    properties.Append(new ParagraphStyleId { Val = block.Style });
                }

                if (block.ListItem)
                {
                    properties.Append(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }));
                }

                body.Append(new Paragraph(properties, new Run(new Text(block.Text) { Space = SpaceProcessingModeValues.Preserve })));
            }

            if (table is not null)
            {
                body.Append(new Table(table.Select(row => new TableRow(row.Select(cell => new TableCell(new Paragraph(new Run(new Text(cell))))))) ));
            }

            main.Document = new Document(body);
            if (title is not null)
            {
                document.PackageProperties.Title = title;
            }

            if (created is not null)
            {
                document.PackageProperties.Created = created;
            }
        }

        return stream.ToArray();
    }

    /// <summary>A ZIP that looks like a Word document, whose document part unpacks to <paramref name="unpackedBytes"/> of spaces.</summary>
    public static byte[] DocxBomb(int unpackedBytes)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""");
            }

            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open();
            var spaces = new byte[1024 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            for (var written = 0; written < unpackedBytes; written += spaces.Length)
            {
                part.Write(spaces, 0, Math.Min(spaces.Length, unpackedBytes - written));
            }
        }

        return stream.ToArray();
    }
}
