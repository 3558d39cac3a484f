using Briefer.Core.Chunking;
using Briefer.Core.Embeddings;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Chunking;

public sealed class SentenceChunkerWordPieceTests
{
    [Fact]
    public void Chunk_SampleArticleWithRealTokenizer_EveryChunkWithinLimitAndCountedExactly()
    {
        var tokenizer = new BertUncasedTokenizer();
        var chunker = new SentenceChunker(tokenizer, Options.Create(new ChunkingOptions { MaxTokens = 64 }));
        var text = TextNormalizer.Normalize(File.ReadAllText(SentenceSplitterTests.SamplePath()));

        var chunks = chunker.Chunk(text);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c =>
        {
            Assert.Equal(tokenizer.CountTokens(c.Text), c.TokenCount);
            Assert.InRange(c.TokenCount, 1, 64);
        });
    }
}
