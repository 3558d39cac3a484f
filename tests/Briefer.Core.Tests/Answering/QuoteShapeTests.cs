using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

public sealed class QuoteShapeTests
{
    [Fact]
    public void QuoteShape_ProseThenCode_StaysCodeFromWhereTheCodeStarts()
    {
        const string prose = "Messages are kept for a week unless the retention section says otherwise.";
        const string code = "[retention]\nhours = 168";
        var text = prose + "\n" + code + "\n";
        var codeAt = prose.Length + 1;
        var chunk = new RetrievedChunk(new DocumentId("eeeeeeeeeeeeeeee"), "Config", "/docs/config.md", null, 0, 0, text.Length, text, 1, 1, 1)
        {
            Blocks =
            [
                new TextBlock(0, prose.Length, BlockKind.Paragraph, "Config › Retention"),
                new TextBlock(codeAt, codeAt + code.Length, BlockKind.Code, "Config › Retention", "toml"),
            ],
        };
        var units = SentenceCandidates.From([chunk]).Where(u => u.Quotable).ToList();
        var sentence = Assert.Single(units, u => u.Kind == BlockKind.Paragraph && u.Text.StartsWith("Messages", StringComparison.Ordinal));
        var block = Assert.Single(units, u => u.Kind == BlockKind.Code && u.Text.Contains("hours = 168", StringComparison.Ordinal));
        var quote = text[sentence.Start..block.End];

        var (kind, context, start) = ExtractiveAnswerComposer.QuoteShape([sentence, block], quote.Length);

        Assert.Equal(BlockKind.Code, kind);
        Assert.Equal("toml", context);
        Assert.StartsWith("[retention]", quote[start..].TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("hours", quote[..start], StringComparison.Ordinal);
    }

    [Fact]
    public void QuoteShape_CodeThenProse_IsProse()
    {
        const string code = "[retention]\nhours = 168";
        const string prose = "Messages older than that are removed by the hourly sweep of the broker.";
        var text = code + "\n" + prose + "\n";
        var proseAt = code.Length + 1;
        var chunk = new RetrievedChunk(new DocumentId("ffffffffffffffff"), "Config", "/docs/config.md", null, 0, 0, text.Length, text, 1, 1, 1)
        {
            Blocks =
            [
                new TextBlock(0, code.Length, BlockKind.Code, "Config › Retention", "toml"),
                new TextBlock(proseAt, proseAt + prose.Length, BlockKind.Paragraph, "Config › Retention"),
            ],
        };
        var units = SentenceCandidates.From([chunk]).Where(u => u.Quotable).OrderBy(u => u.Start).ToList();
        var quote = text[units[0].Start..units[^1].End];

        var (kind, _, start) = ExtractiveAnswerComposer.QuoteShape(units, quote.Length);

        Assert.Equal(BlockKind.Paragraph, kind);
        Assert.Equal(0, start);
    }

    [Fact]
    public void MergeAdjacent_LeadInCodeThenProse_CodeEndsItsQuoteAndTheProseIsQuotedApart()
    {
        const string leadIn = "On Debian and Ubuntu, install the package from our apt repository:";
        const string code = "sudo apt install relayd";
        const string after = "On macOS, use Homebrew to install it instead of the package.";
        var text = leadIn + "\n" + code + "\n" + after + "\n";
        var codeAt = leadIn.Length + 1;
        var afterAt = codeAt + code.Length + 1;
        var chunk = new RetrievedChunk(new DocumentId("abababababababab"), "Install", "/docs/install.md", null, 0, 0, text.Length, text, 1, 1, 1)
        {
            Blocks =
            [
                new TextBlock(0, leadIn.Length, BlockKind.Paragraph, "Install"),
                new TextBlock(codeAt, codeAt + code.Length, BlockKind.Code, "Install", "sh"),
                new TextBlock(afterAt, afterAt + after.Length, BlockKind.Paragraph, "Install"),
            ],
        };
        var units = SentenceCandidates.From([chunk]).Where(u => u.Quotable).OrderBy(u => u.Start).ToList();
        Assert.Contains(units, u => u.Kind == BlockKind.Code);
        Assert.Contains(units, u => u.Kind != BlockKind.Code && u.Text.StartsWith("On macOS", StringComparison.Ordinal));

        var groups = ExtractiveAnswerComposer.MergeAdjacent(units).ToList();

        var codeGroup = Assert.Single(groups, g => g.Any(u => u.Kind == BlockKind.Code));
        Assert.Equal(BlockKind.Code, codeGroup[^1].Kind);
        var quote = text[codeGroup[0].Start..codeGroup[^1].End];
        Assert.Equal(BlockKind.Code, ExtractiveAnswerComposer.QuoteShape(codeGroup, quote.Length).Kind);
        Assert.Contains(groups, g => g.All(u => u.Kind != BlockKind.Code) && g[0].Text.StartsWith("On macOS", StringComparison.Ordinal));
    }

    [Fact]
    public void MergeAdjacent_TableRowsAndProse_RowsStayTogetherApartFromProse()
    {
        const string header = "| Option | Default |";
        const string rule = "|---|---|";
        const string row1 = "| port | 8080 |";
        const string row2 = "| host | localhost |";
        const string after = "Both options can also be set from the environment of the daemon.";
        var text = string.Join("\n", header, rule, row1, row2, after) + "\n";
        var row1At = header.Length + rule.Length + 2;
        var row2At = row1At + row1.Length + 1;
        var afterAt = row2At + row2.Length + 1;
        var chunk = new RetrievedChunk(new DocumentId("cdcdcdcdcdcdcdcd"), "Options", "/docs/options.md", null, 0, 0, text.Length, text, 1, 1, 1)
        {
            Blocks =
            [
                new TextBlock(row1At, row1At + row1.Length, BlockKind.TableRow, "Options", "Option | Default"),
                new TextBlock(row2At, row2At + row2.Length, BlockKind.TableRow, "Options", "Option | Default"),
                new TextBlock(afterAt, afterAt + after.Length, BlockKind.Paragraph, "Options"),
            ],
        };
        var units = SentenceCandidates.From([chunk]).Where(u => u.Quotable && u.Start >= row1At).OrderBy(u => u.Start).ToList();

        var groups = ExtractiveAnswerComposer.MergeAdjacent(units).ToList();

        Assert.All(groups, g => Assert.True(g.All(u => u.Kind == BlockKind.TableRow) || g.All(u => u.Kind != BlockKind.TableRow)));
        Assert.Contains(groups, g => g.Count == 2 && g.All(u => u.Kind == BlockKind.TableRow));
    }

    [Fact]
    public void Text_TwoRowsOfOneTable_EachRowWithTheHeaderNames()
    {
        var citation = new Citation(1, new DocumentId("abababababababab"), "Options", "/docs/options.md", "port; 8080\nhost; localhost", null, "Options")
        {
            Kind = BlockKind.TableRow,
            Context = "Option | Default",
        };

        Assert.Equal("Option: port | Default: 8080\nOption: host | Default: localhost", QuoteDisplay.Text(citation));
    }
}
