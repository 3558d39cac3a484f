using Briefer.Core.Chunking;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Briefer.Core.Embeddings;

/// <summary>Registers the local snowflake-arctic-embed-xs model, its tokenizer and its <see cref="EmbeddingModelInfo"/>.</summary>
public static class EmbeddingsSetup
{
    /// <summary>
    /// Adds <see cref="BertUncasedTokenizer"/> (also as <see cref="ITokenCounter"/>), <see cref="ArcticEmbeddingGenerator"/>
    /// (also as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>; it loads the model on first use) and
    /// <see cref="ArcticEmbeddingGenerator.ModelInfo"/> and <see cref="QueryEncodings"/> (one model run per question), all singletons.
    /// </summary>
    public static IServiceCollection AddArcticEmbeddings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<BertUncasedTokenizer>();
        services.TryAddSingleton<ITokenCounter>(provider => provider.GetRequiredService<BertUncasedTokenizer>());
        services.TryAddSingleton<ArcticEmbeddingGenerator>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider => provider.GetRequiredService<ArcticEmbeddingGenerator>());
        services.TryAddSingleton(ArcticEmbeddingGenerator.ModelInfo);
        services.TryAddSingleton<QueryEncodings>();
        return services;
    }
}
