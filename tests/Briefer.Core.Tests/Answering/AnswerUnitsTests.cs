using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

public sealed class AnswerUnitsTests
{
    private static RetrievedChunk Chunk(string text, string title = "Reference", int start = 100, string? location = null, IReadOnlyList<TextBlock>? blocks = null) =>
        new(new DocumentId("bbbbbbbbbbbbbbbb"), title, "/docs/reference.md", null, 0, start, start + text.Length, text, 0.03, 5.0, 0.6, location)
        {
            Blocks = blocks ?? [],
        };

    [Theory]
    [InlineData("--timeout <s>; Network timeout in seconds; 30")]
    [InlineData("--timeout <s> | Network timeout in seconds | 30")]
    [InlineData("| --timeout <s> | Network timeout in seconds | 30 |")]
    public void WithHeader_CellsJoinedEitherWay_EachCellUnderItsName(string row)
    {
        Assert.Equal("Flag: --timeout <s> | Description: Network timeout in seconds | Default: 30", UnitBuilder.WithHeader(row, "Flag | Description | Default"));
    }

    [Fact]
    public void From_TableWithoutBlocks_QuotesEachRowWithItsHeader()
    {
        var chunk = Chunk("Flags\nFlag; Description; Default\n--port; Port to listen on.; 8080\n--host; Host to bind.; localhost\n");

        var units = SentenceCandidates.From([chunk]);

        var row = Assert.Single(units, u => u.Text.StartsWith("--port", StringComparison.Ordinal));
        Assert.Equal(BlockKind.TableRow, row.Kind);
        Assert.Equal("Flag: --port | Description: Port to listen on. | Default: 8080", row.DisplayText);
        Assert.Contains("default", row.TermSet);
        Assert.DoesNotContain(units, u => u.Text.StartsWith("Flag;", StringComparison.Ordinal));
    }

    [Fact]
    public void From_UnitOffsets_AreExactIntoTheDocument()
    {
        var chunk = Chunk("Intro sentence that is long enough here.\nFlag; Description\n--port; Port.\n--host; Host.\n");

        foreach (var unit in SentenceCandidates.From([chunk]))
        {
            Assert.Equal(unit.Text, chunk.Text[(unit.Start - chunk.Start)..(unit.End - chunk.Start)]);
        }
    }

    [Fact]
    public void From_ShortDefaultLineUnderItsHeading_IsQuotableAndCarriesTheHeading()
    {
        var chunk = Chunk("cache.maxSize\nThe largest number of entries the cache keeps before it evicts.\nDefault: 512\n");

        var units = SentenceCandidates.From([chunk]);

        var line = Assert.Single(units, u => u.Text == "Default: 512");
        Assert.Equal(BlockKind.KeyValue, line.Kind);
        Assert.Equal("cache.maxSize — Default: 512", line.DisplayText);
        Assert.Contains(AnswerTerms.Analyze("cache.maxSize").Single(), line.ContextTerms);
    }

    [Fact]
    public void From_LongConfigurationBlock_CutsStatementsWithTheirComments()
    {
        var chunk = Chunk("global:\n  # How long until a scrape request times out.\n  [ scrape_timeout: <duration> | default = 10s ]\n  # How often to scrape.\n  [ scrape_interval: <duration> | default = 1m ]\n  # Labels.\n  external_labels:\n    [ <labelname>: <labelvalue> ... ]\n");

        var units = SentenceCandidates.From([chunk]);

        var statement = Assert.Single(units, u => u.Text.Contains("scrape_timeout", StringComparison.Ordinal));
        Assert.Equal(BlockKind.Code, statement.Kind);
        Assert.StartsWith("# How long until a scrape request times out.", statement.Text, StringComparison.Ordinal);
        Assert.EndsWith("default = 10s ]", statement.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void From_ShortCodeBlock_IsOneUnitSeeingItsIntroduction()
    {
        var blocks = new[]
        {
            new TextBlock(100, 137, BlockKind.Paragraph, "Install"),
            new TextBlock(138, 175, BlockKind.Code, "Install", "shell"),
        };
        var chunk = Chunk("To validate the rules file, run this.\npromtool check rules rules.yml --lint\n", blocks: blocks);

        var units = SentenceCandidates.From([chunk]);

        var code = Assert.Single(units, u => u.Kind == BlockKind.Code);
        Assert.Equal("promtool check rules rules.yml --lint", code.Text);
        Assert.Equal("shell", code.Context);
        Assert.Contains("valid", code.TermSet);
        Assert.Same(units.Single(u => u.Kind == BlockKind.Paragraph), code.Previous);
    }

    [Fact]
    public void From_CodeAfterALeadInEndingInAColon_IsOneUnitQuotingBoth()
    {
        var blocks = new[]
        {
            new TextBlock(100, 141, BlockKind.Paragraph, "Replication"),
            new TextBlock(142, 184, BlockKind.Paragraph, "Replication"),
            new TextBlock(185, 207, BlockKind.Code, "Replication", "conf"),
        };
        var chunk = Chunk("Replicas can authenticate to the primary.\nTo set it permanently, add this to a file:\nprimaryauth <password>\n", blocks: blocks);

        var units = SentenceCandidates.From([chunk]);

        var code = Assert.Single(units, u => u.Kind == BlockKind.Code);
        Assert.Equal("To set it permanently, add this to a file:\nprimaryauth <password>", code.Text);
        Assert.Equal(code.Text, code.DisplayText);
        Assert.Equal("conf", code.Context);
        Assert.DoesNotContain(units, u => u.Text == "To set it permanently, add this to a file:");
        Assert.Equal("Replicas can authenticate to the primary.", code.Previous?.Text);
    }

    [Fact]
    public void From_ListAfterLeadIn_ItemsAreQuotableWithTheLeadInAsNeighbour()
    {
        var chunk = Chunk("You can only downgrade to these releases:\nv2.55\nv2.54\n");

        var units = SentenceCandidates.From([chunk]);

        var item = Assert.Single(units, u => u.Text == "v2.55");
        Assert.Equal(BlockKind.ListItem, item.Kind);
        Assert.Equal("You can only downgrade to these releases:", item.Previous?.Text);
    }

    [Fact]
    public void From_HeadingLine_IsNotQuotedButCountsForTheUnitsUnderIt()
    {
        var chunk = Chunk("Retention\nBlocks older than the limit are removed during compaction.\n");

        var units = SentenceCandidates.From([chunk]);

        var unit = Assert.Single(units);
        Assert.Equal("Retention", unit.HeadingPath);
        Assert.Contains("retent", unit.ContextTerms);
    }

    [Fact]
    public void From_BlocksFromTheExtractor_GiveKindHeadingPathAndHeader()
    {
        var text = "--port; Port to listen on.; 8080";
        var chunk = Chunk(text + "\n", blocks: [new TextBlock(100, 100 + text.Length, BlockKind.TableRow, "CLI › Flags", "Flag | Description | Default")]);

        var unit = Assert.Single(SentenceCandidates.From([chunk]));

        Assert.Equal(BlockKind.TableRow, unit.Kind);
        Assert.Equal("CLI › Flags", unit.HeadingPath);
        Assert.Equal("Flag: --port | Description: Port to listen on. | Default: 8080", unit.DisplayText);
    }

    [Fact]
    public void From_MarkdownTableHeaderRow_IsContextNotAUnit()
    {
        // As the Markdown, HTML and Word extractors write a table: the header row a row without context, every other row with it as theirs.
        const string header = "Option | Default | Description";
        const string row = "broker.heartbeat_ms | 15000 | How often the broker pings idle clients.";
        var text = header + "\n" + row;
        var chunk = Chunk(text + "\n", blocks:
        [
            new TextBlock(100, 100 + header.Length, BlockKind.TableRow, "Configuration"),
            new TextBlock(100 + header.Length + 1, 100 + text.Length, BlockKind.TableRow, "Configuration", header),
        ]);

        var unit = Assert.Single(SentenceCandidates.From([chunk]));

        Assert.Equal(row, unit.Text);
        Assert.Contains("default", unit.ContextTerms);
    }

    [Fact]
    public void From_ListItemOpeningWithAKey_LaterSentencesCarryTheKey()
    {
        var chunk = Chunk("--storage.wal-compression: Enables compression of the log. This flag was enabled by default in 2.20.0.\n");

        var units = SentenceCandidates.From([chunk]);

        var later = Assert.Single(units, u => u.Text.StartsWith("This flag", StringComparison.Ordinal));
        Assert.Contains(AnswerTerms.Analyze("storage.wal-compression")[0], later.TermSet);
    }

    [Theory]
    [InlineData("Default: 512", BlockKind.KeyValue, true)]
    [InlineData("v2.55", BlockKind.ListItem, true)]
    [InlineData("Configuration", BlockKind.Heading, false)]
    [InlineData("Short fragment", BlockKind.Paragraph, false)]
    public void IsQuotable_ByKind_AllowsShortStructuredLines(string unit, BlockKind kind, bool expected)
    {
        Assert.Equal(expected, SentenceCandidates.IsQuotable(unit, "Some title", kind));
    }

    [Theory]
    [InlineData("Title: Harbor town keeps its ferry", false)]
    [InlineData("Subject: harbor town keeps its ferry", false)]
    [InlineData("Re: Fwd: Harbor town keeps its ferry", false)]
    [InlineData("Harbor town keeps its ferry", false)]
    [InlineData("Title: The ferry timetable for winter", true)]
    [InlineData("Ferry: Harbor town keeps its ferry", true)]
    public void IsQuotable_KeyValueLineTheTitleWasReadFrom_IsNotQuoted(string unit, bool expected)
    {
        Assert.Equal(expected, SentenceCandidates.IsQuotable(unit, "Harbor town keeps its ferry", BlockKind.KeyValue));
    }
}
