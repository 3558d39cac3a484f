using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using static Briefer.Core.Tests.Ingestion.TestDocuments;

namespace Briefer.Core.Tests.Ingestion;

/// <summary>The structural blocks the Word extractor emits, from a document built here with the Open XML SDK.</summary>
public sealed class DocxBlocksTests
{
    private static readonly ExtractedDocument Document = Loader().Load(new DocumentSource(
        "/docs/ops.docx",
        "ops.docx",
        Docx(
            "Operations",
            null,
            [
                new("Operations", "Title"),
                new("Ports", "Heading1"),
                new("The service listens on two ports."),
                new("Admin", "Heading2"),
                new("Default: 9090"),
                new("Only reachable from the host.", ListItem: true),
            ],
            [["Port", "Use"], ["8080", "Public API"]])));

    private static TextBlock Find(string text) =>
        Assert.Single(Document.Blocks, b => Document.Text[b.Start..b.End] == text);

    [Fact]
    public void Load_DocxHeadingStyles_GiveHeadingPaths()
    {
        Assert.Equal(BlockKind.Heading, Find("Admin").Kind);
        Assert.Equal("Ports › Admin", Find("Default: 9090").HeadingPath);
        Assert.Equal("Ports", Find("The service listens on two ports.").HeadingPath);
    }

    [Fact]
    public void Load_DocxParagraphKinds_ListItemAndKeyValue()
    {
        Assert.Equal(BlockKind.KeyValue, Find("Default: 9090").Kind);
        Assert.Equal(BlockKind.ListItem, Find("Only reachable from the host.").Kind);
        Assert.Equal(BlockKind.Paragraph, Find("The service listens on two ports.").Kind);
    }

    [Fact]
    public void Load_DocxTable_FirstRowIsTheHeaderOfTheOthers()
    {
        var row = Find("8080 | Public API");

        Assert.Equal(BlockKind.TableRow, row.Kind);
        Assert.Equal("Port | Use", row.Context);
        Assert.Null(Find("Port | Use").Context);
    }
}
