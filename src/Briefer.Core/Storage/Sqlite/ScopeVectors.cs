using System.Globalization;
using System.Numerics.Tensors;
using Briefer.Core.Documents;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// An immutable snapshot of one scope's vectors, reference-counted: the cache holds one reference while the scope is
/// resident and every search holds one (a <see cref="ScopeVectorLease"/>) while it scans, and the matrix's pooled
/// blocks go back for reuse only when the last one is released, so evicting a scope never pulls blocks from under a scan.
/// </summary>
/// <param name="visibilityKeys">The distinct <see cref="Visibility.Key"/>s of the snapshot's chunks.</param>
/// <param name="visibility">Per row, its index in <paramref name="visibilityKeys"/> (null: every row visible to everyone).</param>
internal sealed class ScopeVectors(ScopeId scope, long version, VectorMatrix matrix, long[] rowIds, DateOnly?[] publishedAt, string[]? visibilityKeys = null, ushort[]? visibility = null)
{
    /// <summary>Bookkeeping per snapshot besides its arrays (object headers, the recency list node).</summary>
    private const int Overhead = 256;

    /// <summary>Per row besides its vector: its row id, its date and its visibility.</summary>
    private const int RowOverhead = sizeof(long) + 8 + sizeof(ushort);

    // The creator's reference; see the type's remarks.
    private int _references = 1;

    public ScopeId Scope { get; } = scope;

    public long Version { get; } = version;

    public int Count => rowIds.Length;

    /// <summary>The memory the snapshot holds: what the cache's budget counts.</summary>
    public long Bytes { get; } = BytesFor(rowIds.Length, matrix.Bytes);

    /// <summary>What a snapshot of <paramref name="rows"/> rows holds, before it is loaded.</summary>
    public static long BytesFor(int rows, int dimensions) => BytesFor(rows, VectorMatrix.BytesFor(rows, dimensions));

    /// <summary>Adds <paramref name="count"/> references (the caller holds a reference already, so the blocks are still there).</summary>
    public void AddReferences(int count)
    {
        if (Interlocked.Add(ref _references, count) <= count)
        {
            throw new InvalidOperationException("A released vector snapshot was referenced again.");
        }
    }

    /// <summary>Drops one reference; the last one gives the matrix's blocks back.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            matrix.Release();
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("A vector snapshot was released more often than it was referenced.");
        }
    }

    /// <summary>Exact top-k by dot product (= cosine, vectors are normalised).</summary>
    /// <param name="allowed">When set, only these rows (e.g. the chunks of a digest's new documents).</param>
    /// <param name="audience">When set, only rows this reader may see, judged on the visibility each row was loaded with
    /// (so the filter always agrees with the snapshot it scans).</param>
    public IReadOnlyList<(long RowId, double Score)> Search(ReadOnlySpan<float> query, int k, DateOnly? publishedSince, IReadOnlySet<long>? allowed = null, ReaderAudience? audience = null)
    {
        var dimensions = matrix.Dimensions;
        if (query.Length != dimensions)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The query vector has {query.Length} dimensions; the store holds {dimensions}."), nameof(query));
        }

        if (k <= 0 || rowIds.Length == 0)
        {
            return [];
        }

        // Which of the snapshot's few visibilities the reader may not see: decided once per key, then one array read per row.
        bool[]? hidden = null;
        if (audience is { SeesEverything: false } && visibilityKeys is not null && visibility is not null)
        {
            hidden = [.. visibilityKeys.Select(key => !audience.CanSee(Visibility.FromKey(key)))];
            if (!hidden.Contains(true))
            {
                hidden = null;
            }
        }

        // A bounded min-heap keeps the best k: O(n log k), no full sort.
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var s = 0; s < matrix.Segments; s++)
        {
            var segment = matrix.Segment(s, out var first);
            var end = Math.Min(first + (segment.Length / dimensions), rowIds.Length);
            for (var i = first; i < end; i++)
            {
                if ((publishedSince is { } since && (publishedAt[i] is not { } date || date < since)) || (allowed is not null && !allowed.Contains(rowIds[i])) || (hidden is not null && hidden[visibility![i]]))
                {
                    continue;
                }

                var score = TensorPrimitives.Dot(query, segment.Slice((i - first) * dimensions, dimensions));
                if (heap.Count < k)
                {
                    heap.Enqueue(i, score);
                }
                else if (heap.TryPeek(out _, out var worst) && score > worst)
                {
                    heap.DequeueEnqueue(i, score);
                }
            }
        }

        var results = new (long RowId, double Score)[heap.Count];
        for (var j = results.Length - 1; j >= 0; j--)
        {
            heap.TryDequeue(out var index, out var score);
            results[j] = (rowIds[index], score);
        }

        return results;
    }

    private static long BytesFor(int rows, long matrixBytes) => Overhead + ((long)rows * RowOverhead) + matrixBytes;
}

/// <summary>
/// One search's hold on a <see cref="ScopeVectors"/> snapshot: while it is not disposed, the snapshot's blocks stay
/// as they were loaded, even when the cache evicts the scope. Dispose it when the scan is done (more than once is harmless).
/// </summary>
internal sealed class ScopeVectorLease(ScopeVectors vectors) : IDisposable
{
    private int _disposed;

    public ScopeVectors Vectors => Volatile.Read(ref _disposed) == 0 ? vectors : throw new ObjectDisposedException(nameof(ScopeVectorLease));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            vectors.Release();
        }
    }
}
