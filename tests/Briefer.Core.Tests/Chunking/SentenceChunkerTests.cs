using Briefer.Core.Chunking;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Chunking;

public sealed class SentenceChunkerTests
{
    private static SentenceChunker CreateChunker(int maxTokens, int overlap = 1, ITokenCounter? counter = null) =>
        new(counter ?? new WordCountTokenCounter(), Options.Create(new ChunkingOptions { MaxTokens = maxTokens, OverlapSentences = overlap }));

    private static string Sample() =>
        TextNormalizer.Normalize(File.ReadAllText(SentenceSplitterTests.SamplePath()));

    // Ten sentences of five words each: 7 tokens alone with the fake counter's two specials.
    private static string TenSentences() =>
        string.Join(" ", Enumerable.Range(1, 10).Select(i => $"This is sentence number {i}."));

    [Fact]
    public void Constructor_MaxTokensAboveModelLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateChunker(1024, counter: new WordCountTokenCounter(512)));
    }

    [Fact]
    public void Chunk_EmptyText_ReturnsNoChunks()
    {
        Assert.Empty(CreateChunker(64).Chunk(string.Empty));
    }

    [Fact]
    public void Chunk_SampleArticle_TextMatchesOffsets()
    {
        var text = Sample();

        var chunks = CreateChunker(48).Chunk(text);

        Assert.All(chunks, c => Assert.Equal(text[c.Start..c.End], c.Text));
    }

    [Fact]
    public void Chunk_SampleArticle_IndicesAreConsecutiveFromZero()
    {
        var chunks = CreateChunker(48).Chunk(Sample());

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
    }

    [Fact]
    public void Chunk_SampleArticle_EveryChunkWithinTokenLimit()
    {
        var counter = new WordCountTokenCounter();

        var chunks = CreateChunker(48, counter: counter).Chunk(Sample());

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c =>
        {
            Assert.Equal(counter.CountTokens(c.Text), c.TokenCount);
            Assert.InRange(c.TokenCount, 1, 48);
        });
    }

    [Fact]
    public void Chunk_SampleArticle_EverySentenceIsInSomeChunk()
    {
        var text = Sample();

        var chunks = CreateChunker(48).Chunk(text);

        Assert.All(SentenceSplitter.Split(text), s => Assert.Contains(chunks, c => c.Start <= s.Start && s.End <= c.End));
    }

    [Fact]
    public void Chunk_ConsecutiveChunks_OverlapByExactlyOneSentence()
    {
        var text = TenSentences();
        var sentences = SentenceSplitter.Split(text);

        // 2 specials + 3 sentences of 5 words = 17 tokens: three sentences per chunk.
        var chunks = CreateChunker(17).Chunk(text);

        Assert.True(chunks.Count > 2);
        for (var i = 1; i < chunks.Count; i++)
        {
            var shared = sentences.Count(s => s.Start >= chunks[i].Start && s.End <= chunks[i - 1].End);
            Assert.Equal(1, shared);
        }
    }

    [Fact]
    public void Chunk_ConsecutiveChunks_NextStartsAtLastSentenceOfPrevious()
    {
        var text = TenSentences();
        var sentences = SentenceSplitter.Split(text);

        var chunks = CreateChunker(17).Chunk(text);

        for (var i = 1; i < chunks.Count; i++)
        {
            var lastOfPrevious = sentences.Last(s => s.End <= chunks[i - 1].End);
            Assert.Equal(lastOfPrevious.Start, chunks[i].Start);
        }
    }

    [Fact]
    public void Chunk_ZeroOverlap_ChunksDoNotOverlap()
    {
        var chunks = CreateChunker(17, overlap: 0).Chunk(TenSentences());

        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.True(chunks[i].Start >= chunks[i - 1].End);
        }
    }

    [Fact]
    public void Chunk_SentenceLongerThanLimit_IsSplitAtWordBoundariesWithinLimit()
    {
        var text = string.Join(" ", Enumerable.Range(1, 100).Select(i => $"w{i}")) + ".";

        var chunks = CreateChunker(32).Chunk(text);

        Assert.True(chunks.Count >= 4);
        Assert.All(chunks, c =>
        {
            Assert.InRange(c.TokenCount, 1, 32);
            Assert.True(c.Start == 0 || text[c.Start - 1] == ' ');
            Assert.True(c.End == text.Length || text[c.End] == ' ');
        });
    }

    [Fact]
    public void Chunk_SentenceLongerThanLimit_PiecesCoverEveryWord()
    {
        var text = string.Join(" ", Enumerable.Range(1, 100).Select(i => $"w{i}")) + ".";

        var chunks = CreateChunker(32).Chunk(text);

        var words = chunks.SelectMany(c => c.Text.Split(' ')).Distinct();
        Assert.Equal(100, words.Count());
    }

    [Fact]
    public void Chunk_WordLongerThanLimit_IsSplitWithinLimit()
    {
        var counter = new CharacterTokenCounter();
        var text = new string('x', 200);

        var chunks = CreateChunker(40, counter: counter).Chunk(text);

        Assert.Equal(text, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks, c => Assert.InRange(c.TokenCount, 1, 40));
    }

    [Fact]
    public void Chunk_CounterUnderestimatesJoinedText_StillWithinLimit()
    {
        var counter = new JoinPenaltyTokenCounter();

        var chunks = CreateChunker(40, counter: counter).Chunk(Sample());

        Assert.All(chunks, c => Assert.True(counter.CountTokens(c.Text) <= 40));
    }

    [Fact]
    public void Chunk_SampleArticle_CountsFewerTimesThanSentencesSquared()
    {
        var counter = new WordCountTokenCounter();
        var text = Sample();
        var sentences = SentenceSplitter.Split(text).Count;

        CreateChunker(128, counter: counter).Chunk(text);

        Assert.True(counter.Calls <= 3 * sentences, $"{counter.Calls} counts for {sentences} sentences");
    }

    [Fact]
    public void Chunk_CrlfTextAfterNormalisation_OffsetsRoundTrip()
    {
        var text = TextNormalizer.Normalize("Title line\r\nFirst sentence here. Second one!\r\n\r\nThird paragraph.");

        var chunks = CreateChunker(32).Chunk(text);

        Assert.DoesNotContain('\r', text);
        Assert.All(chunks, c => Assert.Equal(text[c.Start..c.End], c.Text));
    }

    /// <summary>One token per character plus two specials: forces splits inside a single word.</summary>
    private sealed class CharacterTokenCounter : ITokenCounter
    {
        public int MaxTokens => 512;

        public int CountTokens(string text) => text.Length + 2;
    }

    /// <summary>Counts each line break as three extra tokens, so sums of sentence counts underestimate.</summary>
    private sealed class JoinPenaltyTokenCounter : ITokenCounter
    {
        public int MaxTokens => 512;

        public int CountTokens(string text) =>
            text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length + 2 + (3 * text.Count(c => c == '\n'));
    }
}
