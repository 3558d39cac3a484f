using System.Text;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage.Sqlite;

namespace Briefer.Storage.Qdrant;

/// <summary>A sparse vector: term ids (ascending, unique) and their weights.</summary>
internal sealed record SparseTerms(uint[] Indices, float[] Values)
{
    public static readonly SparseTerms Empty = new([], []);

    public bool IsEmpty => Indices.Length == 0;
}

/// <summary>
/// Builds the BM25 sparse vectors Qdrant stores and queries, client-side, from the same analysis the embedded store
/// indexes (<see cref="KeywordAnalyzer"/> over <see cref="SqliteDocumentStore.KeywordText(string, string?, string)"/>).
/// A document term's weight is BM25's term-frequency saturation with length normalisation,
/// <c>tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen))</c>; the IDF factor is left to Qdrant (<c>Modifier.Idf</c>), which
/// knows the collection's document frequencies. A query term weighs 1, so a chunk's score is Σ idf·weight over the
/// query terms it contains: BM25.
/// </summary>
/// <param name="averageTerms">The average chunk length in terms (see <see cref="QdrantStoreOptions.Bm25AverageTerms"/>).</param>
internal sealed class Bm25SparseEncoder(double averageTerms)
{
    /// <summary>Term-frequency saturation: Lucene's and FTS5's default.</summary>
    public const double K1 = 1.2;

    /// <summary>Length normalisation: Lucene's and FTS5's default.</summary>
    public const double B = 0.75;

    public double AverageTerms { get; } = averageTerms > 0 ? averageTerms : throw new ArgumentOutOfRangeException(nameof(averageTerms));

    /// <summary>
    /// A term's id: FNV-1a (32-bit) of its UTF-8 bytes. Stable across processes, machines and .NET versions
    /// (unlike <see cref="string.GetHashCode()"/>, which is randomised per process), so vectors written by one replica are
    /// queried correctly by another. Two distinct terms may collide; both then share one dimension, which only blurs
    /// two (usually rare) terms' statistics together, and is counted as one term per chunk.
    /// </summary>
    public static uint TermId(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        Span<byte> buffer = term.Length <= 128 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(term.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(term.Length)];
        var length = Encoding.UTF8.GetBytes(term, buffer);
        var hash = offsetBasis;
        foreach (var b in buffer[..length])
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash;
    }

    /// <summary>The sparse vector of a chunk: what BM25 indexes for it is its document's title and its text.</summary>
    public SparseTerms EncodeChunk(string title, string chunkText) => EncodeChunk(title, null, chunkText);

    /// <summary>The terms of a chunk under headings: title, heading path and text, as the SQLite store indexes them.</summary>
    public SparseTerms EncodeChunk(string title, string? headingPath, string chunkText) => EncodeTerms(KeywordAnalyzer.Analyze(SqliteDocumentStore.KeywordText(title, headingPath, chunkText)));

    /// <summary>The sparse vector of analysed document terms (repeats count).</summary>
    public SparseTerms EncodeTerms(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
        {
            return SparseTerms.Empty;
        }

        var frequencies = new SortedDictionary<uint, int>();
        foreach (var term in terms)
        {
            var id = TermId(term);
            frequencies[id] = frequencies.GetValueOrDefault(id) + 1;
        }

        var norm = K1 * (1 - B + (B * terms.Count / AverageTerms));
        var indices = new uint[frequencies.Count];
        var values = new float[frequencies.Count];
        var i = 0;
        foreach (var (id, tf) in frequencies)
        {
            indices[i] = id;
            values[i] = (float)(tf * (K1 + 1) / (tf + norm));
            i++;
        }

        return new SparseTerms(indices, values);
    }

    /// <summary>The sparse vector of a query: each distinct term once, weight 1.</summary>
    public static SparseTerms EncodeQuery(string text)
    {
        var ids = KeywordAnalyzer.AnalyzeQuery(text).Select(TermId).Distinct().Order().ToArray();
        return ids.Length == 0 ? SparseTerms.Empty : new SparseTerms(ids, [.. ids.Select(_ => 1f)]);
    }
}
