namespace Briefer.Core.Documents;

/// <summary>A stored document: what <c>sources</c> lists and what citations point to.</summary>
/// <param name="Source">Where it came from: a file path, a URL, or an attachment name.</param>
/// <param name="ContentHash">SHA-256 of the normalised text; decides whether a re-ingest changes anything.</param>
/// <param name="ETag">For web pages: the ETag of the stored version, sent back on re-sync.</param>
/// <param name="LastModified">For web pages: the Last-Modified of the stored version, sent back on re-sync.</param>
/// <param name="StaleSince">For web pages: when the page first answered 404 or 410; it is removed after a grace period.</param>
public sealed record DocumentRecord(
    DocumentId Id,
    ScopeId Scope,
    string Title,
    string Source,
    DateOnly? PublishedAt,
    DateTimeOffset IngestedAt,
    string ContentHash,
    int ChunkCount,
    int TokenCount,
    string? ETag = null,
    DateTimeOffset? LastModified = null,
    DateTimeOffset? StaleSince = null);

/// <summary>One chunk of a document with its embedding, as handed to a store.</summary>
/// <param name="Start">Start offset (inclusive) into the document's normalised text.</param>
/// <param name="End">End offset (exclusive) into the document's normalised text.</param>
/// <param name="Location">Where in the document the chunk is ("p. 3", a heading path), when the format has pages or headings.</param>
public sealed record ChunkRecord(int Index, int Start, int End, string Text, int TokenCount, ReadOnlyMemory<float> Embedding, string? Location = null)
{
    /// <summary>The structural blocks that overlap the chunk (document offsets); empty when the format has none.</summary>
    public IReadOnlyList<TextBlock> Blocks { get; init; } = [];

    /// <summary>
    /// The heading path where the chunk starts ("Configuration › cache.maxSize"), or null. Stores index it for BM25 with
    /// the chunk (<see cref="Storage.Sqlite.SqliteDocumentStore.KeywordText(string, string?, string)"/>) and ingest embeds it before the chunk;
    /// it is never part of <see cref="Text"/> or its offsets.
    /// </summary>
    public string? HeadingPath { get; init; }
}
