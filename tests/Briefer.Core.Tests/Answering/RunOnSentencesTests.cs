using Briefer.Core.Answering;
using Briefer.Core.Chunking;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

public sealed class RunOnSentencesTests
{
    [Fact]
    public void Cut_ThousandWordsWithoutAStop_PiecesOfAtMostSixtyWordsCoveringTheText()
    {
        var text = string.Join(' ', Enumerable.Range(0, 1000).Select(i => i % 17 == 16 ? $"word{i}," : $"word{i}"));

        var pieces = RunOnSentences.Cut(text, [new TextRange(0, text.Length)]);

        Assert.True(pieces.Count >= 1000 / RunOnSentences.PieceWords);
        Assert.All(pieces, p => Assert.InRange(text[p.Start..p.End].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, 1, RunOnSentences.PieceWords));
        Assert.Equal(0, pieces[0].Start);
        Assert.Equal(text.Length, pieces[^1].End);
        for (var i = 1; i < pieces.Count; i++)
        {
            Assert.True(string.IsNullOrWhiteSpace(text[pieces[i - 1].End..pieces[i].Start]));
        }

        // Cut after a comma where there is one in the piece's second half.
        Assert.EndsWith(",", text[pieces[0].Start..pieces[0].End], StringComparison.Ordinal);
    }

    [Fact]
    public void Cut_OrdinarySentences_Unchanged()
    {
        const string text = "The index is rebuilt every night. It takes about ten minutes on a small server, longer on a large one.";
        var ranges = SentenceSplitter.Split(text);

        Assert.Same(ranges, RunOnSentences.Cut(text, ranges));
    }

    [Fact]
    public void From_RunOnParagraph_NoUnitQuotesItWhole()
    {
        var text = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"token{i}")) + " the index stays small when compaction runs";
        var chunk = new RetrievedChunk(new DocumentId("9a9a9a9a9a9a9a9a"), "Notes", "/notes.txt", null, 0, 0, text.Length, text, 1, 1, 1)
        {
            Blocks = [new TextBlock(0, text.Length, BlockKind.Paragraph, "Notes")],
        };

        var units = SentenceCandidates.From([chunk]);

        Assert.True(units.Count > 1);
        Assert.All(units, u => Assert.True(u.Text.Split(' ').Length <= RunOnSentences.PieceWords));
    }
}
