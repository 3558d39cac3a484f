using Briefer.Core.Chunking;
using Briefer.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Embeddings;

/// <summary>Registers the local snowflake-arctic-embed-xs model, its tokenizer and its <see cref="EmbeddingModelInfo"/>.</summary>
public static class EmbeddingsSetup
{
    /// <summary>
    /// Adds <see cref="BertUncasedTokenizer"/> (also as <see cref="ITokenCounter"/>), <see cref="ArcticEmbeddingGenerator"/>
    /// (also as <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>; it loads the model on first use) and
    /// <see cref="ArcticEmbeddingGenerator.ModelInfo"/> and <see cref="QueryEncodings"/> (one model run per question), all singletons.
    /// With <see cref="StoreOptions"/> registered, the model's optimised graph is kept in <see cref="ModelCacheDirectory"/>.
    /// </summary>
    public static IServiceCollection AddArcticEmbeddings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<BertUncasedTokenizer>();
        services.TryAddSingleton<ITokenCounter>(provider => provider.GetRequiredService<BertUncasedTokenizer>());
        services.TryAddSingleton(provider => new ArcticEmbeddingGenerator(
            provider.GetRequiredService<BertUncasedTokenizer>(),
            provider.GetRequiredService<ILogger<ArcticEmbeddingGenerator>>(),
            provider.GetService<IOptions<StoreOptions>>() is { } store ? ModelCacheDirectory(store.Value.DataDirectory) : null));
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider => provider.GetRequiredService<ArcticEmbeddingGenerator>());
        services.TryAddSingleton(ArcticEmbeddingGenerator.ModelInfo);
        services.TryAddSingleton<QueryEncodings>();
        return services;
    }

    /// <summary>Where the model's optimised graph is kept: a folder of the data directory.</summary>
    public static string ModelCacheDirectory(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "model-cache");
}
