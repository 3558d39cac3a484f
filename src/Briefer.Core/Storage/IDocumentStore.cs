using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Storage;

/// <summary>
/// Where documents, chunks and their vectors live. Every read is filtered by scope inside the store's own query.
/// Implementations: the embedded SQLite store and Qdrant. One contract test suite runs against both.
/// </summary>
public interface IDocumentStore : ISearchIndex
{
    /// <summary>Creates the schema or collection if missing; fails with a clear message when it does not fit the model.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<DocumentRecord?> GetDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken);

    /// <summary>Adds the document, or replaces it and all its chunks atomically: readers see the old or the new version, never a mix.</summary>
    Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken);

    /// <summary>Removes the document and its chunks; false when it did not exist in that scope.</summary>
    Task<bool> DeleteDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken);

    /// <summary>All documents of a scope, newest ingest first.</summary>
    Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(ScopeId scope, CancellationToken cancellationToken);

    /// <summary>Records what re-sync learned about a document's source without touching its chunks; false when there is no such document.</summary>
    Task<bool> UpdateSourceStateAsync(ScopeId scope, DocumentId id, SourceState state, CancellationToken cancellationToken);

    /// <summary>Every scope that holds at least one document.</summary>
    Task<IReadOnlyList<ScopeId>> ListScopesAsync(CancellationToken cancellationToken);
}

/// <summary>A web page's validators and staleness, as re-sync keeps them.</summary>
/// <param name="StaleSince">When the page first answered 404/410; null while it is there.</param>
public sealed record SourceState(string? ETag, DateTimeOffset? LastModified, DateTimeOffset? StaleSince);
