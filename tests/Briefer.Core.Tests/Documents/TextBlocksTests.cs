using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Documents;

/// <summary>Locations per quote: the heading a quote's own text is under, not the one its chunk starts under.</summary>
public sealed class TextBlocksTests
{
    private const string Markdown = """
        # Server guide

        ## Ports

        The server listens on port 8080 by default.

        ## Storage

        Data is kept in the data folder.
        """;

    private static readonly ExtractedDocument Guide = new MarkdownExtractor().Extract(Markdown, "guide.md");

    /// <summary>One chunk holding the whole guide, as chunking gives for a page this short.</summary>
    private static RetrievedChunk WholeGuide() =>
        new(new DocumentId("0123456789abcdef"), Guide.Title, "guide.md", null, 0, 0, Guide.Text.Length, Guide.Text, 1, null, null, SectionLocator.Locate(Guide.Sections, 0, Guide.Text.Length, Guide.Title))
        {
            Blocks = Guide.Blocks,
        };

    [Fact]
    public void LocationOf_QuoteUnderALaterHeading_NamesThatHeading()
    {
        var chunk = WholeGuide() with { Location = "Ports" };

        Assert.Equal("Storage", chunk.LocationOf("Data is kept in the data folder."));
        Assert.Equal("Ports", chunk.LocationOf("The server listens on port 8080 by default."));
    }

    [Fact]
    public void LocationOf_QuoteUnderTheTitleHeadingOnly_IsNull()
    {
        Assert.Null(WholeGuide().LocationOf("Server guide"));
    }

    [Fact]
    public void LocationOf_ChunkWithoutBlocks_KeepsTheChunksLocation()
    {
        var chunk = WholeGuide() with { Blocks = [], Location = "p. 4" };

        Assert.Equal("p. 4", chunk.LocationOf("Data is kept in the data folder."));
    }

    [Fact]
    public void LocationOf_PdfLineBlocksWithoutHeadings_KeepTheChunksPage()
    {
        var chunk = WholeGuide() with { Blocks = [new TextBlock(0, Guide.Text.Length, BlockKind.Paragraph, string.Empty)], Location = "p. 2" };

        Assert.Equal("p. 2", chunk.LocationOf("Data is kept in the data folder."));
    }

    [Fact]
    public void LocationOf_QuoteNotInTheChunk_FallsBackToWhereTheChunkStarts()
    {
        var storage = Guide.Text.IndexOf("Storage", StringComparison.Ordinal);
        var chunk = WholeGuide() with { Start = storage, Text = Guide.Text[storage..] };

        Assert.Equal("Storage", chunk.LocationOf("words the composer rewrote"));
    }

    [Fact]
    public void LocationAt_OffsetInTheLineBreakAfterABlock_BelongsToThatBlock()
    {
        var ports = Guide.Text.IndexOf("8080 by default.", StringComparison.Ordinal) + "8080 by default.".Length;

        Assert.Equal("Ports", TextBlocks.LocationAt(Guide.Blocks, ports, Guide.Title));
    }

    [Fact]
    public void Overlapping_ChunkRange_GivesTheBlocksItTouches()
    {
        var start = Guide.Text.IndexOf("port 8080", StringComparison.Ordinal);
        var end = Guide.Text.IndexOf("Storage", StringComparison.Ordinal) + 3;

        var blocks = TextBlocks.Overlapping(Guide.Blocks, start, end);

        Assert.Equal(["The server listens on port 8080 by default.", "Storage"], blocks.Select(b => Guide.Text[b.Start..b.End]));
    }
}
