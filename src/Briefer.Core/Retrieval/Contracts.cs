using Briefer.Core.Documents;

namespace Briefer.Core.Retrieval;

/// <summary>Which retrieval method(s) to use.</summary>
public enum RetrievalMode
{
    Hybrid,
    Keyword,
    Dense,
}

/// <summary>A search within one scope.</summary>
/// <param name="Text">The query text for BM25 (no model prefix).</param>
/// <param name="Vector">The normalised query embedding (with the model's query prefix); may be empty for keyword-only search.</param>
/// <param name="Limit">How many fused results to return.</param>
/// <param name="CandidatesPerMethod">How many results each method contributes to the fusion.</param>
/// <param name="PublishedSince">When set, only chunks of documents published on or after this date.</param>
/// <param name="Documents">When set, only chunks of these documents (e.g. a digest's new documents); empty finds nothing.</param>
public sealed record SearchQuery(
    ScopeId Scope,
    string Text,
    ReadOnlyMemory<float> Vector,
    int Limit,
    RetrievalMode Mode = RetrievalMode.Hybrid,
    int CandidatesPerMethod = 50,
    DateOnly? PublishedSince = null,
    IReadOnlyCollection<DocumentId>? Documents = null);

/// <summary>A chunk found by a search, with what a citation needs.</summary>
/// <param name="Start">Start offset of <see cref="Text"/> in the document's normalised text.</param>
/// <param name="Score">The fused (RRF) score for hybrid search, else the method's own score; higher is better.</param>
/// <param name="KeywordScore">BM25 score (higher is better), null when BM25 did not find it.</param>
/// <param name="DenseScore">Cosine similarity, null when dense search did not return it.</param>
/// <param name="Location">Where in the document the chunk is ("p. 3", a heading path), if known.</param>
public sealed record RetrievedChunk(
    DocumentId DocumentId,
    string Title,
    string Source,
    DateOnly? PublishedAt,
    int ChunkIndex,
    int Start,
    int End,
    string Text,
    double Score,
    double? KeywordScore,
    double? DenseScore,
    string? Location = null)
{
    /// <summary>
    /// The structural blocks that overlap the chunk, with document offsets and heading paths; empty when the
    /// document's format has none or it was stored before blocks were kept (consumers then read the text's lines).
    /// </summary>
    public IReadOnlyList<TextBlock> Blocks { get; init; } = [];

    /// <summary>
    /// Where in the document text at <paramref name="offset"/> (a document offset inside this chunk) is: the heading path
    /// of its block, without the title ("Options › cache.maxSize"), or null under the title alone. Where blocks say
    /// nothing (none stored, a PDF line, text before the first heading) it is the chunk's <see cref="Location"/>, a page.
    /// </summary>
    public string? LocationAt(int offset) =>
        TextBlocks.At(Blocks, offset) is { HeadingPath.Length: > 0 } ? TextBlocks.LocationAt(Blocks, offset, Title) : Location;

    /// <summary>
    /// The location a citation of <paramref name="quote"/> shows: <see cref="LocationAt"/> where the quote starts in
    /// <see cref="Text"/> (its first occurrence), else where the chunk starts. A chunk that begins in one section and
    /// goes on into the next gives each quote its own section, not the chunk's first.
    /// </summary>
    public string? LocationOf(string quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var at = quote.Length == 0 ? -1 : Text.IndexOf(quote, StringComparison.Ordinal);
        return LocationAt(Start + Math.Max(0, at));
    }
}
