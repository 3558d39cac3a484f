namespace Briefer.Core.Documents;

/// <summary>A stored document: what <c>sources</c> lists and what citations point to.</summary>
/// <param name="Source">Where it came from: a file path, a URL, or an attachment name.</param>
/// <param name="ContentHash">SHA-256 of the normalised text; decides whether a re-ingest changes anything.</param>
public sealed record DocumentRecord(
    DocumentId Id,
    ScopeId Scope,
    string Title,
    string Source,
    DateOnly? PublishedAt,
    DateTimeOffset IngestedAt,
    string ContentHash,
    int ChunkCount,
    int TokenCount);

/// <summary>One chunk of a document with its embedding, as handed to a store.</summary>
/// <param name="Start">Start offset (inclusive) into the document's normalised text.</param>
/// <param name="End">End offset (exclusive) into the document's normalised text.</param>
public sealed record ChunkRecord(int Index, int Start, int End, string Text, int TokenCount, ReadOnlyMemory<float> Embedding);
