using Briefer.Core.Documents;
using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Ingestion;

/// <summary>The structural blocks the Markdown extractor emits, and that their offsets point at their own text.</summary>
public sealed class MarkdownBlocksTests
{
    private static readonly MarkdownExtractor Extractor = new();

    private const string OptionsPage = """
        # Configuration

        Briefer reads its settings at start.

        ## cache.maxSize

        - **Type:** `number`
        - **Default:** `512`

        ### Notes

        Larger caches use more memory.

        ## CLI options

        | Option | Description |
        |---|---|
        | `--port <n>` | Port to listen on |
        | `--host` | Address to bind |

        ```sh
        briefer serve --port 8080
        ```

        ::: tip Note
        Restart after changing the port.
        :::

        > [!WARNING]
        > Never expose the admin port.

        > Quoted words from a user.

        - Supported versions:
          - 1.4
          - 2.0
        """;

    private static readonly ExtractedDocument Options = Extractor.Extract(OptionsPage, "config.md");

    private static TextBlock Find(string text) =>
        Assert.Single(Options.Blocks, b => Options.Text[b.Start..b.End] == text);

    [Fact]
    public void Extract_EveryBlock_OffsetsPointIntoTheNormalisedTextOnLinesOfTheirOwn()
    {
        Assert.Equal(TextNormalizer.Normalize(Options.Text), Options.Text);
        Assert.NotEmpty(Options.Blocks);
        for (var i = 0; i < Options.Blocks.Count; i++)
        {
            var block = Options.Blocks[i];
            Assert.True(block.Start == 0 || Options.Text[block.Start - 1] == '\n', $"block {i} does not start a line");
            Assert.True(block.End == Options.Text.Length || Options.Text[block.End] == '\n', $"block {i} does not end a line");
            Assert.True(i == 0 || Options.Blocks[i - 1].End < block.Start, $"block {i} overlaps the one before");
        }
    }

    [Fact]
    public void Extract_Headings_GiveNestedHeadingPaths()
    {
        Assert.Equal(BlockKind.Heading, Find("cache.maxSize").Kind);
        Assert.Equal("Configuration › cache.maxSize", Find("cache.maxSize").HeadingPath);
        Assert.Equal("Configuration › cache.maxSize › Notes", Find("Larger caches use more memory.").HeadingPath);
        Assert.Equal("Configuration › CLI options", Find("briefer serve --port 8080").HeadingPath);
        Assert.Equal("Configuration", Find("Briefer reads its settings at start.").HeadingPath);
    }

    [Fact]
    public void Extract_KeyValueBullets_AreKeyValueBlocksUnderTheirHeading()
    {
        var block = Find("Default: 512");

        Assert.Equal(BlockKind.KeyValue, block.Kind);
        Assert.Equal("Configuration › cache.maxSize", block.HeadingPath);
        Assert.Equal(BlockKind.KeyValue, Find("Type: number").Kind);
    }

    [Fact]
    public void Extract_KeyValueLinesOfOneParagraph_AreOneBlockPerLine()
    {
        var document = Extractor.Extract("## retries\n\n**Type:** integer\n**Default:** 3\n\nA sentence: with a colon that is far too long to be any kind of key value line at all.", "r.md");

        var kinds = document.Blocks.Select(b => (document.Text[b.Start..b.End], b.Kind)).ToList();
        Assert.Contains(("Type: integer", BlockKind.KeyValue), kinds);
        Assert.Contains(("Default: 3", BlockKind.KeyValue), kinds);
        Assert.Contains(kinds, k => k.Kind == BlockKind.Paragraph && k.Item1.StartsWith("A sentence", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_TableRows_ReadAsTheTableWithTheHeaderAsContext()
    {
        var row = Find("--port <n> | Port to listen on");

        Assert.Equal(BlockKind.TableRow, row.Kind);
        Assert.Equal("Option | Description", row.Context);
        Assert.Null(Find("Option | Description").Context);
    }

    [Fact]
    public void Extract_FencedCode_IsOneCodeBlockWithItsLanguage()
    {
        var code = Find("briefer serve --port 8080");

        Assert.Equal(BlockKind.Code, code.Kind);
        Assert.Equal("sh", code.Context);
    }

    [Fact]
    public void Extract_Admonitions_AreAdmonitionsWithoutTheirMarkers()
    {
        Assert.Equal(BlockKind.Admonition, Find("Restart after changing the port.").Kind);
        Assert.Equal(BlockKind.Admonition, Find("Never expose the admin port.").Kind);
        Assert.DoesNotContain(":::", Options.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("[!WARNING]", Options.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("tip Note", Options.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_BlockQuote_IsAQuote()
    {
        Assert.Equal(BlockKind.Quote, Find("Quoted words from a user.").Kind);
    }

    [Fact]
    public void Extract_NestedList_EachItemIsAListItemOnItsOwnLine()
    {
        Assert.Equal(BlockKind.ListItem, Find("Supported versions:").Kind);
        Assert.Equal(BlockKind.ListItem, Find("1.4").Kind);
        Assert.Equal(BlockKind.ListItem, Find("2.0").Kind);
    }

    [Fact]
    public void Extract_Headings_AreAlsoTheSectionsCitationsFallBackOn()
    {
        var notes = Options.Text.IndexOf("Larger caches", StringComparison.Ordinal);

        Assert.Equal("cache.maxSize › Notes", SectionLocator.Locate(Options.Sections, notes, notes + 5, Options.Title));
    }
}
