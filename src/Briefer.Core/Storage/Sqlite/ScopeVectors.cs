using System.Globalization;
using System.Numerics.Tensors;
using Briefer.Core.Documents;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>An immutable snapshot of one scope's vectors; its matrix in native memory, read under a lease.</summary>
internal sealed class ScopeVectors(ScopeId scope, long version, int dimensions, long[] rowIds, VectorMatrix matrix, DateOnly?[] publishedAt)
{
    /// <summary>Bookkeeping per snapshot besides its arrays (object headers, the recency list node).</summary>
    private const int Overhead = 256;

    /// <summary>A snapshot holding a copy of <paramref name="matrix"/> (tests, small scopes).</summary>
    public ScopeVectors(ScopeId scope, long version, int dimensions, long[] rowIds, ReadOnlySpan<float> matrix, DateOnly?[] publishedAt)
        : this(scope, version, dimensions, rowIds, Copy(matrix), publishedAt)
    {
    }

    public ScopeId Scope { get; } = scope;

    public long Version { get; } = version;

    public int Count => rowIds.Length;

    /// <summary>The memory the snapshot holds: what the cache's budget counts.</summary>
    public long Bytes { get; } = Overhead + ((long)rowIds.Length * sizeof(long)) + matrix.Bytes + ((long)publishedAt.Length * 8);

    /// <summary>True once the matrix's memory was freed (retired, and no reader left).</summary>
    public bool Freed => matrix.Freed;

    /// <summary>Takes a reader's reference on the matrix; false once it was retired and freed.</summary>
    public bool TryAcquire() => matrix.TryAcquire();

    /// <summary>Gives a reader's reference back.</summary>
    public void Release() => matrix.DangerousRelease();

    /// <summary>The cache no longer holds it: freed when the last reader releases it.</summary>
    public void Retire() => matrix.Dispose();

    /// <summary>Exact top-k by dot product (= cosine, vectors are normalised).</summary>
    /// <param name="allowed">When set, only these rows (e.g. the chunks of a digest's new documents).</param>
    /// <param name="excluded">When set, never these rows (chunks the reader may not see).</param>
    public IReadOnlyList<(long RowId, double Score)> Search(ReadOnlySpan<float> query, int k, DateOnly? publishedSince, IReadOnlySet<long>? allowed = null, IReadOnlySet<long>? excluded = null)
    {
        if (query.Length != dimensions)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The query vector has {query.Length} dimensions; the store holds {dimensions}."), nameof(query));
        }

        if (k <= 0 || rowIds.Length == 0)
        {
            return [];
        }

        // A bounded min-heap keeps the best k: O(n log k), no full sort.
        var heap = new PriorityQueue<int, float>(k + 1);
        for (var i = 0; i < rowIds.Length; i++)
        {
            if ((publishedSince is { } since && (publishedAt[i] is not { } date || date < since)) || (allowed is not null && !allowed.Contains(rowIds[i])) || (excluded is not null && excluded.Contains(rowIds[i])))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, matrix.Slice((long)i * dimensions, dimensions));
            if (heap.Count < k)
            {
                heap.Enqueue(i, score);
            }
            else if (heap.TryPeek(out _, out var worst) && score > worst)
            {
                heap.DequeueEnqueue(i, score);
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

    private static VectorMatrix Copy(ReadOnlySpan<float> values)
    {
        var matrix = new VectorMatrix(values.Length);
        values.CopyTo(matrix.Slice(0, values.Length));
        return matrix;
    }
}

/// <summary>A search's hold on one scope's vectors: the memory stays until it is disposed.</summary>
internal sealed class ScopeVectorLease(ScopeVectors vectors) : IDisposable
{
    private int _released;

    public ScopeVectors Vectors { get; } = vectors;

    public int Count => Vectors.Count;

    public long Bytes => Vectors.Bytes;

    /// <inheritdoc cref="ScopeVectors.Search"/>
    public IReadOnlyList<(long RowId, double Score)> Search(ReadOnlySpan<float> query, int k, DateOnly? publishedSince, IReadOnlySet<long>? allowed = null, IReadOnlySet<long>? excluded = null) =>
        Volatile.Read(ref _released) == 0 ? Vectors.Search(query, k, publishedSince, allowed, excluded) : throw new ObjectDisposedException(nameof(ScopeVectorLease));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Vectors.Release();
        }
    }
}
