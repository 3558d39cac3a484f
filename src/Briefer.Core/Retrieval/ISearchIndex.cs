namespace Briefer.Core.Retrieval;

/// <summary>
/// The search side of a document store, as retrieval sees it: the store speaks retrieval's contracts
/// (<see cref="SearchQuery"/> in, <see cref="RetrievedChunk"/> out) and retrieval needs nothing else of it, so the
/// retriever depends on this seam and not on the store (every <c>Storage.IDocumentStore</c> is one).
/// </summary>
public interface ISearchIndex
{
    /// <summary>
    /// Keyword (BM25), dense, or hybrid (both fused by RRF) search within one scope, over the chunks of documents
    /// <see cref="SearchQuery.Audience"/> may read only (filtered inside the store's query).
    /// </summary>
    Task<IReadOnlyList<RetrievedChunk>> SearchAsync(SearchQuery query, CancellationToken cancellationToken);
}
