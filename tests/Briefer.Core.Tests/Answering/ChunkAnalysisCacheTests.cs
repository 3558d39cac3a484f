using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

/// <summary>The bounds and keys of <see cref="ChunkAnalyses"/>: least recently used out, other content never served.</summary>
public sealed class ChunkAnalysisCacheTests
{
    private static readonly DocumentId Doc = DocumentId.For(ScopeId.Local, "notes/a.txt");

    [Fact]
    public void Of_SameChunkAgain_ReturnsKeptAnalysis()
    {
        var analyses = new ChunkAnalyses(4);

        var first = analyses.Of(Chunk(Doc, 0, "The broker restarts at midnight."));
        var second = analyses.Of(Chunk(Doc, 0, "The broker restarts at midnight."));

        Assert.Same(first, second);
        Assert.Equal((1, 1), (analyses.Hits, analyses.Misses));
    }

    [Theory]
    [InlineData("The broker restarts at noon.", "Notes", 0)]
    [InlineData("The broker restarts at midnight.", "Other title", 0)]
    [InlineData("The broker restarts at midnight.", "Notes", 40)]
    public void Of_SameKeyOtherContent_AnalysesAfresh(string text, string title, int start)
    {
        var analyses = new ChunkAnalyses(4);
        var old = analyses.Of(Chunk(Doc, 0, "The broker restarts at midnight."));

        var changed = analyses.Of(Chunk(Doc, 0, text, title, start));

        Assert.NotSame(old, changed);
        Assert.Equal(text, Assert.Single(changed.Units).Text);
        Assert.Equal(2, analyses.Misses);
        Assert.Equal(1, analyses.Count);
    }

    [Fact]
    public void Of_SameKeyOtherBlocks_AnalysesAfresh()
    {
        var analyses = new ChunkAnalyses(4);
        const string text = "Setup\nRun the installer once.";
        var old = analyses.Of(Chunk(Doc, 0, text));

        var structured = analyses.Of(Chunk(Doc, 0, text) with { Blocks = [new TextBlock(0, 5, BlockKind.Heading, "Setup"), new TextBlock(6, text.Length, BlockKind.Paragraph, "Setup")] });

        Assert.NotSame(old, structured);
        Assert.Equal(2, analyses.Misses);
    }

    [Fact]
    public void Of_PastCapacity_LeastRecentlyUsedAnalysedAgain()
    {
        var analyses = new ChunkAnalyses(2);
        analyses.Of(Chunk(Doc, 0, "First chunk of the notes."));
        analyses.Of(Chunk(Doc, 1, "Second chunk of the notes."));
        analyses.Of(Chunk(Doc, 0, "First chunk of the notes."));
        analyses.Of(Chunk(Doc, 2, "Third chunk of the notes."));

        analyses.Of(Chunk(Doc, 0, "First chunk of the notes."));
        analyses.Of(Chunk(Doc, 1, "Second chunk of the notes."));

        Assert.Equal(2, analyses.Count);
        Assert.Equal((2, 4), (analyses.Hits, analyses.Misses));
    }

    [Fact]
    public void Of_CapacityZero_KeepsNothing()
    {
        var analyses = new ChunkAnalyses(0);

        var first = analyses.Of(Chunk(Doc, 0, "The broker restarts at midnight."));
        var second = analyses.Of(Chunk(Doc, 0, "The broker restarts at midnight."));

        Assert.NotSame(first, second);
        Assert.Equal((0, 0, 2), (analyses.Count, analyses.Hits, analyses.Misses));
    }

    [Fact]
    public void Of_SameTextInAnotherScope_KeptApart()
    {
        var analyses = new ChunkAnalyses(4);
        var mine = analyses.Of(Chunk(Doc, 0, "The broker restarts at midnight."));

        var theirs = analyses.Of(Chunk(DocumentId.For(new ScopeId("guild-2"), "notes/a.txt"), 0, "The broker restarts at midnight."));

        Assert.NotSame(mine, theirs);
        Assert.Equal(2, analyses.Count);
    }

    private static RetrievedChunk Chunk(DocumentId document, int index, string text, string title = "Notes", int start = 0) =>
        new(document, title, "notes/a.txt", null, index, start, start + text.Length, text, 1, 1, 1);
}
