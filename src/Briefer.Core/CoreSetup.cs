using Briefer.Core.Answering;
using Briefer.Core.Chunking;
using Briefer.Core.Conversations;
using Briefer.Core.Digests;
using Briefer.Core.Embeddings;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Core;

/// <summary>Registers the knowledge core: extraction, chunking, embeddings, the embedded store, retrieval and extractive answers.</summary>
public static class CoreSetup
{
    /// <summary>
    /// Adds everything <see cref="IBriefingService"/> needs, on the embedded defaults (SQLite in <c>Store:DataDirectory</c>,
    /// snowflake-arctic-embed-xs, extractive answers). Other features add stores by name (<c>AddQdrantStore()</c>, in any order) or replace parts (<c>AddLlmAnswers()</c>).
    /// </summary>
    public static IServiceCollection AddBrieferCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BrieferMetrics>();

        services.AddDocumentExtraction();
        services.AddSentenceChunking();

        // The model's optimised graph is kept in the data directory (registered first, so AddArcticEmbeddings keeps it).
        services.TryAddSingleton(provider => new ArcticEmbeddingGenerator(
            provider.GetRequiredService<BertUncasedTokenizer>(),
            provider.GetRequiredService<ILogger<ArcticEmbeddingGenerator>>(),
            ModelCacheDirectory(provider.GetRequiredService<IOptions<StoreOptions>>().Value.DataDirectory)));
        services.AddArcticEmbeddings();

        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDocumentStore<SqliteDocumentStore>(DocumentStoreSetup.Sqlite);

        services.AddOptions<AnswerOptions>().BindConfiguration(AnswerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ISearchIndex>(sp => sp.GetRequiredService<IDocumentStore>());
        services.TryAddSingleton<HybridRetriever>();
        services.TryAddSingleton<SentenceSemantics>();
        services.TryAddSingleton(sp => new ChunkAnalyses(sp.GetRequiredService<IOptions<AnswerOptions>>().Value.ChunkAnalysisCacheSize));
        services.TryAddSingleton<AnswerSelector>();
        services.TryAddSingleton<AnswerPathWarmup>();
        services.TryAddSingleton<ExtractiveAnswerComposer>();
        services.TryAddSingleton<IAnswerComposer>(sp => sp.GetRequiredService<ExtractiveAnswerComposer>());
        services.TryAddSingleton<BriefingService>();
        services.TryAddSingleton<IBriefingService>(sp => sp.GetRequiredService<BriefingService>());
        services.TryAddSingleton<IDigestComposer, DigestComposer>();
        services.TryAddSingleton<Claims.IClaimChecker, Claims.EvidenceClaimChecker>();
        services.AddConversations();
        return services;
    }

    /// <summary>Where the embedding model's optimised graph is kept (<see cref="OptimizedModelCache"/>): a folder of the data directory.</summary>
    public static string ModelCacheDirectory(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "model-cache");
}
