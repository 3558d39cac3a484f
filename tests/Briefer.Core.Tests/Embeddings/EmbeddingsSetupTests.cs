using Briefer.Core.Chunking;
using Briefer.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Core.Tests.Embeddings;

public sealed class EmbeddingsSetupTests
{
    private static ServiceProvider BuildProvider() =>
        new ServiceCollection().AddLogging().AddArcticEmbeddings().BuildServiceProvider();

    [Fact]
    public void AddArcticEmbeddings_TokenCounter_IsTheTokenizerSingleton()
    {
        using var provider = BuildProvider();

        var counter = provider.GetRequiredService<ITokenCounter>();

        Assert.Same(provider.GetRequiredService<BertUncasedTokenizer>(), counter);
        Assert.Equal(512, counter.MaxTokens);
    }

    [Fact]
    public void AddArcticEmbeddings_EmbeddingGenerator_IsTheArcticSingletonNotYetLoaded()
    {
        using var provider = BuildProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var arctic = Assert.IsType<ArcticEmbeddingGenerator>(generator);
        Assert.Same(provider.GetRequiredService<ArcticEmbeddingGenerator>(), arctic);
        Assert.Null(arctic.LoadTime);
    }

    [Fact]
    public void AddArcticEmbeddings_ModelInfo_DescribesArcticEmbedXs()
    {
        using var provider = BuildProvider();

        var info = provider.GetRequiredService<EmbeddingModelInfo>();

        Assert.Equal(
            new EmbeddingModelInfo("snowflake-arctic-embed-xs", 384, 512, "Represent this sentence for searching relevant passages: "),
            info);
    }
}
