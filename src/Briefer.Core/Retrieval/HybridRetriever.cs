using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Microsoft.Extensions.AI;

namespace Briefer.Core.Retrieval;

/// <summary>
/// Embeds a query (with the model's query prefix) and asks the store (its <see cref="ISearchIndex"/>) for keyword, dense or fused results within one scope.
/// </summary>
/// <param name="queries">
/// When it runs the same model as <paramref name="embedder"/>, the query is encoded through it: the answer path's
/// semantic features then reuse the same model run (its token states) instead of running the question again.
/// </param>
public sealed class HybridRetriever(ISearchIndex store, IEmbeddingGenerator<string, Embedding<float>> embedder, EmbeddingModelInfo model, QueryEncodings? queries = null)
{
    /// <summary>
    /// Retrieves the best <paramref name="limit"/> chunks of <paramref name="scope"/> for <paramref name="query"/> that
    /// <paramref name="audience"/> may read (documents visible to everyone when null).
    /// </summary>
    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(
        ScopeId scope,
        string query,
        int limit,
        RetrievalMode mode = RetrievalMode.Hybrid,
        DateOnly? publishedSince = null,
        int candidatesPerMethod = 50,
        IReadOnlyCollection<DocumentId>? documents = null,
        ReaderAudience? audience = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var vector = mode == RetrievalMode.Keyword ? ReadOnlyMemory<float>.Empty : await EmbedQueryAsync(query, cancellationToken).ConfigureAwait(false);
        return await store.SearchAsync(new SearchQuery(scope, query, vector, limit, mode, candidatesPerMethod, publishedSince, documents) { Audience = audience ?? ReaderAudience.EveryoneOnly }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The query's embedding, with the prefix the model was trained with for queries.</summary>
    public async Task<ReadOnlyMemory<float>> EmbedQueryAsync(string query, CancellationToken cancellationToken)
    {
        if (queries is not null && ReferenceEquals(queries.Model, embedder))
        {
            var states = await queries.EncodeAsync(query, cancellationToken).ConfigureAwait(false);
            return states.States.AsMemory(0, TokenStates.Dimensions);
        }

        var embedding = await embedder.GenerateAsync(model.QueryPrefix + query, cancellationToken: cancellationToken).ConfigureAwait(false);
        return embedding.Vector;
    }
}
