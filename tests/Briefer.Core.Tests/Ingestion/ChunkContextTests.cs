using Briefer.Core.Storage.Sqlite;

namespace Briefer.Core.Tests.Ingestion;

/// <summary>The contextual header embedded and keyword-indexed with a chunk (never part of its text).</summary>
public sealed class ChunkContextTests
{
    [Fact]
    public void EmbeddingText_HeadingPath_IsTheHeaderBeforeTheChunk()
    {
        Assert.Equal("Guide › Options › cache.maxSize\nDefault: 512", BriefingService.EmbeddingText("Guide", "Options › cache.maxSize", "Default: 512"));
    }

    [Fact]
    public void EmbeddingText_PathStartingWithTitle_NamesTheTitleOnce()
    {
        Assert.Equal("Guide › Options\nDefault: 512", BriefingService.EmbeddingText("Guide", "Guide › Options", "Default: 512"));
    }

    [Fact]
    public void EmbeddingText_NoHeadingPath_AsBefore()
    {
        Assert.Equal(BriefingService.EmbeddingText("Guide", "Some text."), BriefingService.EmbeddingText("Guide", null, "Some text."));
    }

    [Fact]
    public void KeywordText_HeadingPath_IndexedWithoutRepeatingTheTitle()
    {
        Assert.Equal("Guide\ncache.maxSize\nDefault: 512", SqliteDocumentStore.KeywordText("Guide", "Guide › cache.maxSize", "Default: 512"));
        Assert.Equal("Guide\nDefault: 512", SqliteDocumentStore.KeywordText("Guide", "Guide", "Default: 512"));
    }
}
