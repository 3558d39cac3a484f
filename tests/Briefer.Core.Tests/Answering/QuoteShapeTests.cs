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
}
