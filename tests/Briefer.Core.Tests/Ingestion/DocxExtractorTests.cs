using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using static Briefer.Core.Tests.Ingestion.TestDocuments;

namespace Briefer.Core.Tests.Ingestion;

public sealed class DocxExtractorTests
{
    private static readonly byte[] Review = Docx(
        "Harbour review 2026",
        new DateTime(2026, 1, 9, 10, 0, 0, DateTimeKind.Utc),
        [
            new("Harbour review 2026", "Title"),
            new("Budget", "Heading1"),
            new("The dredging cost 4.2 million euros, twelve percent over plan."),
            new("Transport", "Heading2"),
            new("Ferries will run every twenty minutes from June."),
            new("More buses on the harbour line.", ListItem: true),
            new("A new cycle lane along the quay.", ListItem: true),
            new("Risks", "Heading1"),
            new("Storms remain the largest risk to the schedule."),
        ],
        [["Berth", "Depth"], ["3", "11 m"], ["4", "12 m"]]);

    private static DocumentSource Source(string name, byte[] bytes) => new("/docs/" + name, name, bytes);

    [Fact]
    public void Load_Docx_TitleAndDateFromCoreProperties()
    {
        var document = Loader().Load(Source("review.docx", Review));

        Assert.Equal("Harbour review 2026", document.Title);
        Assert.Equal(new DateOnly(2026, 1, 9), document.PublishedAt);
    }

    [Fact]
    public void Load_Docx_ParagraphsListsAndTablesAsReadableLines()
    {
        var lines = Loader().Load(Source("review.docx", Review)).Text.Split('\n');

        Assert.Contains("The dredging cost 4.2 million euros, twelve percent over plan.", lines);
        Assert.Contains("More buses on the harbour line.", lines);
        Assert.Contains("Berth | Depth", lines);
        Assert.Contains("4 | 12 m", lines);
    }

    [Fact]
    public void Load_Docx_HeadingsBecomeTheSectionPathCitationsShow()
    {
        var document = Loader().Load(Source("review.docx", Review));
        var ferries = document.Text.IndexOf("Ferries", StringComparison.Ordinal);
        var storms = document.Text.IndexOf("Storms", StringComparison.Ordinal);

        Assert.Equal("Budget › Transport", SectionLocator.Locate(document.Sections, ferries, ferries + 10));
        Assert.Equal("Risks", SectionLocator.Locate(document.Sections, storms, storms + 10));
    }

    [Fact]
    public void Load_DocxRenamedTxt_IsReadAsWord()
    {
        var document = Loader().Load(Source("review.txt", Review));

        Assert.Equal("Harbour review 2026", document.Title);
        Assert.Contains("Ferries will run", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZipBomb_RefusedBeforeUnpacking()
    {
        var bomb = DocxBomb(64 * 1024 * 1024);

        var ex = Assert.Throws<DocumentRejectedException>(() => Loader().Load(Source("bomb.docx", bomb)));

        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes");
        Assert.Contains("ZIP bomb", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxUncompressedBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DocxUnpackingBeyondTheLimit_Refused()
    {
        var options = new IngestionOptions { MaxUncompressedBytes = 64 * 1024 };

        var ex = Assert.Throws<DocumentRejectedException>(() => Loader(options).Load(Source("big.docx", DocxBomb(256 * 1024))));

        Assert.Contains("over the", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedDocx_OneLineSaysDamaged()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => Loader().Load(Source("cut.docx", Review[..(Review.Length / 2)])));

        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_DocxWithMalformedXml_MessageCarriesNoParserText()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => Loader().Load(Source("cut.docx", WithBrokenDocumentXml(Review))));

        Assert.Equal("'cut.docx' was not ingested: it cannot be read as a Word document; the file is damaged or incomplete. Open it in Word or LibreOffice, save it again as .docx, and send that.", ex.Message);
    }

    private static byte[] WithBrokenDocumentXml(byte[] package)
    {
        using var input = new System.IO.Compression.ZipArchive(new MemoryStream(package), System.IO.Compression.ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var target = zip.CreateEntry(entry.FullName).Open();
                if (entry.FullName == "word/document.xml")
                {
                    target.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"u8);
                }
                else
                {
                    using var source = entry.Open();
                    source.CopyTo(target);
                }
            }
        }

        return output.ToArray();
    }
}
