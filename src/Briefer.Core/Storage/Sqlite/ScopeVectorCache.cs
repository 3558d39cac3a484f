using System.Globalization;
using System.Numerics.Tensors;
using Briefer.Core.Documents;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// Each scope's chunk vectors, held in memory as one contiguous matrix for exact SIMD search, within a memory budget
/// (<see cref="StoreOptions.VectorCacheBytes"/>): when the resident scopes exceed it, the least recently searched are
/// dropped and loaded again on their next search. A per-scope version counter, bumped in the same transaction as every
/// write, tells when a copy is stale — also when another process wrote to the same database file.
/// </summary>
/// <remarks>
/// Loads run per scope: a slow load of one scope never holds up searches of another, and concurrent searches of a
/// scope that is loading share one load. A load is not cancelled when one waiter gives up, since others may be waiting.
/// A scope whose vectors alone exceed the budget is served from a load of its own each time (and a warning says so),
/// rather than evicting every other scope.
/// </remarks>
internal sealed class ScopeVectorCache(long budgetBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ScopeId, LinkedListNode<ScopeVectors>> _resident = [];

    // Most recently used first.
    private readonly LinkedList<ScopeVectors> _recency = new();
    private readonly Dictionary<ScopeId, Task<ScopeVectors>> _loading = [];
    private readonly HashSet<ScopeId> _oversized = [];
    private long _bytes;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>The budget, in bytes.</summary>
    public long BudgetBytes { get; } = budgetBytes > 0 ? budgetBytes : throw new ArgumentOutOfRangeException(nameof(budgetBytes));

    /// <summary>Called when a scope's vectors alone are larger than the budget (once per scope).</summary>
    public Action<ScopeId, long>? OnOversized { get; init; }

    /// <summary>Called when a scope is dropped to stay within the budget.</summary>
    public Action<ScopeId, long>? OnEvicted { get; init; }

    /// <summary>A snapshot of what the cache holds and how it has been used.</summary>
    public VectorCacheStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new VectorCacheStats(_resident.Count, _bytes, BudgetBytes, _hits, _misses, _evictions);
            }
        }
    }

    /// <summary>
    /// The vectors of <paramref name="scope"/> at <paramref name="version"/> or newer: the resident copy when it is
    /// current, else the result of <paramref name="load"/> (shared with concurrent callers for the same scope).
    /// </summary>
    public async Task<ScopeVectors> GetAsync(ScopeId scope, long version, Func<Task<ScopeVectors>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        Task<ScopeVectors> loading;
        lock (_gate)
        {
            if (_resident.TryGetValue(scope, out var node) && node.Value.Version >= version)
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                _hits++;
                return node.Value;
            }

            _misses++;
            if (!_loading.TryGetValue(scope, out loading!))
            {
                loading = LoadAsync(scope, load);
                _loading[scope] = loading;
            }
        }

        var vectors = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (vectors.Version >= version)
        {
            return vectors;
        }

        // The shared load had started before the write this caller already saw: load again.
        return await GetAsync(scope, version, load, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops a scope (e.g. after it lost its last document); it is loaded again when next searched.</summary>
    public void Remove(ScopeId scope)
    {
        lock (_gate)
        {
            if (_resident.Remove(scope, out var node))
            {
                _recency.Remove(node);
                _bytes -= node.Value.Bytes;
            }
        }
    }

    private async Task<ScopeVectors> LoadAsync(ScopeId scope, Func<Task<ScopeVectors>> load)
    {
        // Off the caller's stack, so the map of loads is updated only once this task is stored in it.
        await Task.Yield();
        try
        {
            var vectors = await load().ConfigureAwait(false);
            Admit(scope, vectors);
            return vectors;
        }
        finally
        {
            lock (_gate)
            {
                _loading.Remove(scope);
            }
        }
    }

    private void Admit(ScopeId scope, ScopeVectors vectors)
    {
        var evicted = new List<ScopeVectors>();
        var oversized = false;
        lock (_gate)
        {
            if (_resident.Remove(scope, out var previous))
            {
                _recency.Remove(previous);
                _bytes -= previous.Value.Bytes;
            }

            if (vectors.Bytes > BudgetBytes)
            {
                oversized = _oversized.Add(scope);
            }
            else
            {
                _oversized.Remove(scope);
                _resident[scope] = _recency.AddFirst(vectors);
                _bytes += vectors.Bytes;
                while (_bytes > BudgetBytes && _recency.Last is { } last && last.Value != vectors)
                {
                    _recency.RemoveLast();
                    _resident.Remove(last.Value.Scope);
                    _bytes -= last.Value.Bytes;
                    _evictions++;
                    evicted.Add(last.Value);
                }
            }
        }

        if (oversized)
        {
            OnOversized?.Invoke(scope, vectors.Bytes);
        }

        foreach (var dropped in evicted)
        {
            OnEvicted?.Invoke(dropped.Scope, dropped.Bytes);
        }
    }
}

/// <summary>What the vector cache holds and how it has been used since the store was opened.</summary>
/// <param name="Misses">Searches that had to load their scope's vectors (first use, after a write, or after eviction).</param>
public sealed record VectorCacheStats(int Scopes, long Bytes, long BudgetBytes, long Hits, long Misses, long Evictions);

/// <summary>An immutable snapshot of one scope's vectors.</summary>
/// <param name="visibilityKeys">The distinct <see cref="Visibility.Key"/>s of the snapshot's chunks.</param>
/// <param name="visibility">Per row, its index in <paramref name="visibilityKeys"/> (null: every row visible to everyone).</param>
internal sealed class ScopeVectors(ScopeId scope, long version, int dimensions, long[] rowIds, float[] matrix, DateOnly?[] publishedAt, string[]? visibilityKeys = null, ushort[]? visibility = null)
{
    /// <summary>Bookkeeping per snapshot besides its arrays (object headers, the recency list node).</summary>
    private const int Overhead = 256;

    public ScopeId Scope { get; } = scope;

    public long Version { get; } = version;

    public int Count => rowIds.Length;

    /// <summary>The memory the snapshot holds: what the cache's budget counts.</summary>
    public long Bytes { get; } = Overhead + ((long)rowIds.Length * sizeof(long)) + ((long)matrix.Length * sizeof(float)) + ((long)publishedAt.Length * 8) + ((long)(visibility?.Length ?? 0) * sizeof(ushort));

    /// <summary>Exact top-k by dot product (= cosine, vectors are normalised).</summary>
    /// <param name="allowed">When set, only these rows (e.g. the chunks of a digest's new documents).</param>
    /// <param name="audience">When set, only rows this reader may see, judged on the visibility each row was loaded with
    /// (so the filter always agrees with the snapshot it scans).</param>
    public IReadOnlyList<(long RowId, double Score)> Search(ReadOnlySpan<float> query, int k, DateOnly? publishedSince, IReadOnlySet<long>? allowed = null, ReaderAudience? audience = null)
    {
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
        var matrixSpan = matrix.AsSpan();
        for (var i = 0; i < rowIds.Length; i++)
        {
            if ((publishedSince is { } since && (publishedAt[i] is not { } date || date < since)) || (allowed is not null && !allowed.Contains(rowIds[i])) || (hidden is not null && hidden[visibility![i]]))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, matrixSpan.Slice(i * dimensions, dimensions));
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
}
