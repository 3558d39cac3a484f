namespace Briefer.Storage.Qdrant.Tests;

public sealed class Bm25SparseEncoderTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void TermId_KnownInputs_MatchesFnv1a32(string term, uint expected) => Assert.Equal(expected, Bm25SparseEncoder.TermId(term));

    [Fact]
    public void EncodeTerms_SingleOccurrenceAtAverageLength_WeighsOne()
    {
        // tf·(k1+1) / (tf + k1) = 1 when tf = 1 and the length is the average.
        var encoded = new Bm25SparseEncoder(averageTerms: 4).EncodeTerms(["alpha", "beta", "gamma", "delta"]);

        Assert.All(encoded.Values, v => Assert.Equal(1f, v, 5));
    }

    [Fact]
    public void EncodeTerms_RepeatedTerm_SaturatesBelowKPlusOne()
    {
        var encoder = new Bm25SparseEncoder(averageTerms: 10);

        var once = encoder.EncodeTerms([.. Enumerable.Repeat("x", 1), .. Enumerable.Repeat("y", 9)]);
        var many = encoder.EncodeTerms([.. Enumerable.Repeat("x", 9), .. Enumerable.Repeat("y", 1)]);

        var x = Bm25SparseEncoder.TermId("x");
        var weightOnce = once.Values[Array.IndexOf(once.Indices, x)];
        var weightMany = many.Values[Array.IndexOf(many.Indices, x)];
        Assert.True(weightMany > weightOnce);
        Assert.True(weightMany < Bm25SparseEncoder.K1 + 1);
    }

    [Fact]
    public void EncodeTerms_LongerChunk_LowerWeightForSameFrequency()
    {
        var encoder = new Bm25SparseEncoder(averageTerms: 10);
        var x = Bm25SparseEncoder.TermId("x");

        var shortChunk = encoder.EncodeTerms(["x", "y"]);
        var longChunk = encoder.EncodeTerms(["x", .. Enumerable.Repeat("y", 39)]);

        Assert.True(shortChunk.Values[Array.IndexOf(shortChunk.Indices, x)] > longChunk.Values[Array.IndexOf(longChunk.Indices, x)]);
    }

    [Fact]
    public void EncodeChunk_IndexesTitleAndTextThroughTheKeywordAnalyzer()
    {
        var encoded = new Bm25SparseEncoder(128).EncodeChunk("Harbour report", "The tugboats were waiting.");

        var expected = Core.Retrieval.KeywordAnalyzer.Analyze("Harbour report\nThe tugboats were waiting.").Select(Bm25SparseEncoder.TermId).Distinct().Order().ToArray();
        Assert.Equal(expected, encoded.Indices);
        Assert.Contains(Bm25SparseEncoder.TermId("tugboat"), encoded.Indices); // stemmed
        Assert.DoesNotContain(Bm25SparseEncoder.TermId("the"), encoded.Indices); // stop word
        Assert.Equal(encoded.Indices.Order(), encoded.Indices);
    }

    [Fact]
    public void EncodeQuery_RepeatedAndStopWords_EachDistinctTermOnceWithWeightOne()
    {
        var encoded = Bm25SparseEncoder.EncodeQuery("the quokka and the quokkas");

        Assert.Equal([Bm25SparseEncoder.TermId("quokka")], encoded.Indices);
        Assert.Equal([1f], encoded.Values);
    }

    [Fact]
    public void EncodeQuery_OnlyStopWords_Empty() => Assert.True(Bm25SparseEncoder.EncodeQuery("the and of").IsEmpty);
}
