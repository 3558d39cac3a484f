using System.Numerics.Tensors;
using Briefer.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace Briefer.Core.Tests.Embeddings;

[Collection(ArcticModelCollection.Name)]
public sealed class ArcticEmbeddingGeneratorTests(ArcticModelFixture fixture)
{
    private readonly ArcticEmbeddingGenerator _generator = fixture.Generator;

    private async Task<float[]> EmbedAsync(string text) =>
        (await _generator.GenerateAsync([text])).Single().Vector.ToArray();

    [Fact]
    public async Task GenerateAsync_Text_Returns384DimensionUnitVector()
    {
        var vector = await EmbedAsync("The billing migration finished two weeks early.");

        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, TensorPrimitives.Norm<float>(vector), 4);
    }

    [Fact]
    public async Task GenerateAsync_SameTextTwice_IdenticalVectors()
    {
        var first = await EmbedAsync("Latency fell from 840 ms to 310 ms.");
        var second = await EmbedAsync("Latency fell from 840 ms to 310 ms.");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GenerateAsync_RelatedPair_MoreSimilarThanUnrelatedPair()
    {
        var query = await EmbedAsync(ArcticEmbeddingGenerator.ModelInfo.QueryPrefix + "How do I reset my password?");
        var related = await EmbedAsync("To change a forgotten password, open account settings and choose Reset password.");
        var unrelated = await EmbedAsync("The orchestra performed Beethoven's ninth symphony to a sold-out hall.");

        Assert.True(TensorPrimitives.CosineSimilarity<float>(query, related) > TensorPrimitives.CosineSimilarity<float>(query, unrelated) + 0.1f);
    }

    // Where both tokenizers agree (lowercase words, single spaces), the vectors must match the package's encoder:
    // that pins down the model inputs, the pooling and the normalisation.
    [Fact]
    public async Task GenerateAsync_PlainSentences_MatchPackageSentenceEncoder()
    {
        string[] sentences =
        [
            "the quick brown fox jumps over the lazy dog",
            "quarterly revenue grew because the billing migration finished early",
            "embedding models map sentences to vectors for semantic search",
        ];

        var expected = fixture.PackageEncoder.Encode(sentences);
        var actual = await _generator.GenerateAsync(sentences);

        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity<float>(expected[i], actual[i].Vector.Span) > 0.999f, sentences[i]);
        }
    }

    [Fact]
    public async Task GenerateAsync_SeveralInputs_SameVectorsInSameOrderAsSingleCalls()
    {
        string[] texts = ["short one", "a somewhat longer second input with more tokens in it", string.Empty];

        var batch = await _generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, batch.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(await EmbedAsync(texts[i]), batch[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCalls_SameVectorsAsSequentialCalls()
    {
        string[] texts = ["alpha report", "beta incident review", "gamma budget approval", "delta on-call rota"];
        var sequential = new List<float[]>();
        foreach (var text in texts)
        {
            sequential.Add(await EmbedAsync(text));
        }

        var concurrent = await Task.WhenAll(texts.Select(text => Task.Run(() => EmbedAsync(text))));

        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public async Task GenerateAsync_TextOver512Tokens_TruncatedTo512()
    {
        var embeddings = await _generator.GenerateAsync([string.Join(' ', Enumerable.Repeat("word", 1000))]);

        Assert.Equal(512, embeddings.Usage?.InputTokenCount);
        Assert.Equal(384, embeddings[0].Vector.Length);
    }

    [Fact]
    public async Task GenerateAsync_Inputs_ReportsTokenUsageAndModelId()
    {
        var embeddings = await _generator.GenerateAsync(["one two", "three"]);

        Assert.Equal(fixture.Tokenizer.CountTokens("one two") + fixture.Tokenizer.CountTokens("three"), embeddings.Usage?.InputTokenCount);
        Assert.All(embeddings, embedding => Assert.Equal("snowflake-arctic-embed-xs", embedding.ModelId));
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _generator.GenerateAsync(["text"], new EmbeddingGenerationOptions { Dimensions = 256 }));
    }

    [Fact]
    public void GetService_Metadata_DescribesModel()
    {
        var metadata = _generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("snowflake-arctic-embed-xs", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
    }
}
