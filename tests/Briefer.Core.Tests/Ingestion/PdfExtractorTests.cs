using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Ingestion;

public sealed class PdfExtractorTests
{
    private static readonly byte[] Report = TestDocuments.Pdf(
        "Harbour dredging report",
        ["Harbour dredging report", "The dredging of berths 3 and 4 finished in March."],
        ["Costs rose by twelve percent because of the storms.", "The council approved the overrun on 9 January."],
        ["Next steps are set out in the annex."]);

    private static DocumentSource Source(string name, byte[] bytes, string? contentType = null) => new("/docs/" + name, name, bytes, contentType);

    [Fact]
    public void Load_Pdf_ReadsEveryPageInOrderWithPageSections()
    {
        var document = TestDocuments.Loader().Load(Source("report.pdf", Report));

        Assert.Equal("Harbour dredging report", document.Title);
        Assert.Equal(3, document.PageCount);
        Assert.True(document.Text.IndexOf("berths 3 and 4", StringComparison.Ordinal) < document.Text.IndexOf("twelve percent", StringComparison.Ordinal));
        Assert.Equal(["p. 1", "p. 2", "p. 3"], document.Sections.Select(s => s.Label));
        var costs = document.Text.IndexOf("Costs rose", StringComparison.Ordinal);
        Assert.Equal("p. 2", SectionLocator.Locate(document.Sections, costs, costs + 20));
        Assert.Equal("pp. 1–2", SectionLocator.Locate(document.Sections, 0, costs + 20));
    }

    [Fact]
    public void Load_PdfWithWrappedLines_SentencesAreWholeAgain()
    {
        var pdf = TestDocuments.Pdf("Wrapped", [
            "Harbour works",
            "The dredging of berths 3 and 4 finished in March, two weeks later than",
            "planned, because storms in February stopped the work for eleven days in all.",
            "Costs rose by twelve percent.",
        ]);

        var document = TestDocuments.Loader().Load(Source("wrapped.pdf", pdf));

        Assert.Contains("two weeks later than planned, because storms", document.Text, StringComparison.Ordinal);
        Assert.StartsWith("Harbour works\n", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PdfRenamedTxt_IsReadAsPdfNotAsRawSyntax()
    {
        var document = TestDocuments.Loader().Load(Source("report.txt", Report));

        Assert.Equal("Harbour dredging report", document.Title);
        Assert.DoesNotContain("%PDF", document.Text, StringComparison.Ordinal);
        Assert.Contains("twelve percent", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PdfWithoutMetadataTitle_TakesTheLargestTextOnTheFirstPage()
    {
        var document = TestDocuments.Loader().Load(Source("scan-0042.pdf", TestDocuments.Pdf(null, ["Ferry timetable changes", "From Monday the ferry leaves at nine."])));

        Assert.Equal("Ferry timetable changes", document.Title);
    }

    [Fact]
    public void Load_ImageOnlyPdf_SaysOcrIsNotSupported()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(Source("scan.pdf", TestDocuments.Pdf("Scan", [], []))));

        Assert.Contains("no text layer", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OCR is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncryptedPdf_SaysItIsPasswordProtected()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(Source("secret.pdf", TestDocuments.EncryptedPdf())));

        Assert.Contains("password-protected", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void Load_DamagedPdf_OneLineSaysDamaged(string kind)
    {
        var bytes = kind == "garbage"
            ? Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
            : Report[..(Report.Length / 3)];

        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(Source("broken.pdf", bytes)));

        Assert.StartsWith("'broken.pdf' was not ingested:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Matches("damaged|no text layer", ex.Message);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void Load_DamagedPdf_MessageCarriesNoParserText(string kind)
    {
        var bytes = kind == "garbage"
            ? Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
            : Report[..(Report.Length / 3)];

        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(Source("broken.pdf", bytes)));

        if (ex.InnerException is { Message.Length: > 0 } inner)
        {
            Assert.DoesNotContain(inner.Message.ReplaceLineEndings(" ").Trim(), ex.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("(", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedPdf_SaysDamagedAndWhatToDo()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(Source("broken.pdf", Report[..(Report.Length / 3)])));

        Assert.Equal("'broken.pdf' was not ingested: it cannot be read as a PDF; the file is damaged or incomplete. Download or export it again.", ex.Message);
    }

    [Fact]
    public void Load_TextNamedPdf_SaysTheContentIsNotAPdf()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(Source("notes.pdf", Encoding.UTF8.GetBytes("Just some notes."))));

        Assert.Contains("not a PDF", ex.Message, StringComparison.Ordinal);
    }
}
