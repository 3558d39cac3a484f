using Briefer.Core.Documents;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// Each scope's chunk vectors, held in memory for exact SIMD search, within a memory budget
/// (<see cref="StoreOptions.VectorCacheBytes"/>): when the resident scopes exceed it, the least recently searched are
/// dropped and loaded again on their next search. A per-scope version counter, bumped in the same transaction as every
/// write, tells when a copy is stale — also when another process wrote to the same database file.
/// </summary>
/// <remarks>
/// <para>Matrices live in fixed-size blocks of a <see cref="VectorBlockPool"/> as large as the budget: a load first
/// evicts enough scopes to make room (<see cref="Rent"/>), then takes their blocks, so after warm-up loads allocate
/// nothing large and the process's memory tracks the budget. Snapshots are reference-counted: the cache holds one
/// reference per resident scope and every search a <see cref="ScopeVectorLease"/>, so an evicted scope's blocks are
/// reused only once the last scan of it is done.</para>
/// <para>Loads run per scope: a slow load of one scope never holds up searches of another, and concurrent searches of a
/// scope that is loading share one load. A load is not cancelled when one waiter gives up, since others may be waiting.
/// A scope whose vectors alone exceed the budget is served from a load of its own each time (and a warning says so),
/// rather than evicting every other scope.</para>
/// </remarks>
internal sealed class ScopeVectorCache(long budgetBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ScopeId, LinkedListNode<ScopeVectors>> _resident = [];

    // Most recently used first.
    private readonly LinkedList<ScopeVectors> _recency = new();
    private readonly Dictionary<ScopeId, Load> _loading = [];
    private readonly HashSet<ScopeId> _oversized = [];
    private readonly VectorBlockPool _pool = new(budgetBytes);
    private long _bytes;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>The budget, in bytes.</summary>
    public long BudgetBytes { get; } = budgetBytes > 0 ? budgetBytes : throw new ArgumentOutOfRangeException(nameof(budgetBytes));

    /// <summary>Blocks of evicted scopes waiting to be reused (for tests and diagnostics).</summary>
    internal int FreeBlocks => _pool.Free;

    /// <summary>Called when a scope's vectors alone are larger than the budget (once per scope).</summary>
    public Action<ScopeId, long>? OnOversized { get; init; }

    /// <summary>Called when a scope is dropped to stay within the budget.</summary>
    public Action<ScopeId, long>? OnEvicted { get; init; }

    /// <summary>A snapshot of what the cache holds and how it has been used.</summary>
    public VectorCacheStats Stats
    {
        get
        {
            var blocks = _pool.Allocated * VectorBlockPool.BlockBytes;
            lock (_gate)
            {
                return new VectorCacheStats(_resident.Count, _bytes, BudgetBytes, _hits, _misses, _evictions, blocks);
            }
        }
    }

    /// <summary>
    /// A lease on the vectors of <paramref name="scope"/> at <paramref name="version"/> or newer: the resident copy
    /// when it is current, else the result of <paramref name="load"/> (shared with concurrent callers for the same
    /// scope). Dispose the lease when the scan is done.
    /// </summary>
    public async Task<ScopeVectorLease> GetAsync(ScopeId scope, long version, Func<Task<ScopeVectors>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        while (true)
        {
            Load loading;
            lock (_gate)
            {
                if (_resident.TryGetValue(scope, out var node) && node.Value.Version >= version)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    _hits++;
                    node.Value.AddReferences(1);
                    return new ScopeVectorLease(node.Value);
                }

                _misses++;
                if (!_loading.TryGetValue(scope, out loading!))
                {
                    loading = new Load();
                    _loading[scope] = loading;
                    loading.Task = LoadAsync(scope, load, loading);
                }

                // The load adds this waiter's reference when it completes.
                loading.Waiters++;
            }

            ScopeVectors vectors;
            try
            {
                vectors = await loading.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The reference the load adds for this waiter is nobody's: drop it once the load is done.
                _ = loading.Task.ContinueWith(static t => t.Result.Release(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }

            var lease = new ScopeVectorLease(vectors);
            if (vectors.Version >= version)
            {
                return lease;
            }

            // The shared load had started before the write this caller already saw: load again.
            lease.Dispose();
        }
    }

    /// <summary>
    /// A matrix for <paramref name="rows"/> rows, for a load to fill: the least recently searched scopes are evicted
    /// first until it fits in the budget (unless it could never fit), so its blocks are theirs, reused.
    /// </summary>
    public VectorMatrix Rent(int rows, int dimensions)
    {
        var bytes = ScopeVectors.BytesFor(rows, dimensions);
        var evicted = new List<ScopeVectors>();
        lock (_gate)
        {
            if (bytes <= BudgetBytes)
            {
                EvictWhileOver(BudgetBytes - bytes, keep: null, evicted);
            }
        }

        Dropped(evicted);
        return VectorMatrix.Rent(_pool, rows, dimensions);
    }

    /// <summary>Drops a scope (e.g. after it lost its last document); it is loaded again when next searched.</summary>
    public void Remove(ScopeId scope)
    {
        ScopeVectors? removed = null;
        lock (_gate)
        {
            if (_resident.Remove(scope, out var node))
            {
                _recency.Remove(node);
                _bytes -= node.Value.Bytes;
                removed = node.Value;
            }
        }

        removed?.Release();
    }

    private async Task<ScopeVectors> LoadAsync(ScopeId scope, Func<Task<ScopeVectors>> load, Load loading)
    {
        // Off the caller's stack, so the map of loads is updated only once this task is stored in it.
        await Task.Yield();
        ScopeVectors vectors;
        try
        {
            vectors = await load().ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                _loading.Remove(scope);
            }

            throw;
        }

        var evicted = new List<ScopeVectors>();
        ScopeVectors? unkept = null;
        var oversized = vectors.Bytes > BudgetBytes;
        var warn = false;
        lock (_gate)
        {
            // Every waiter counted here gets a reference of its own; later callers find the scope resident or load anew.
            _loading.Remove(scope);
            vectors.AddReferences(loading.Waiters);
            if (_resident.Remove(scope, out var previous))
            {
                _recency.Remove(previous);
                _bytes -= previous.Value.Bytes;
                unkept = previous.Value;
            }

            if (oversized)
            {
                warn = _oversized.Add(scope);
            }
            else
            {
                // The cache takes over the load's own reference.
                _oversized.Remove(scope);
                _resident[scope] = _recency.AddFirst(vectors);
                _bytes += vectors.Bytes;
                EvictWhileOver(BudgetBytes, keep: vectors, evicted);
            }
        }

        unkept?.Release();
        if (oversized)
        {
            // Nobody keeps the load's own reference: the waiters' leases hold the snapshot until their scans are done.
            vectors.Release();
            if (warn)
            {
                OnOversized?.Invoke(scope, vectors.Bytes);
            }
        }

        Dropped(evicted);
        return vectors;
    }

    /// <summary>Evicts the least recently searched scopes (never <paramref name="keep"/>) until at most <paramref name="limit"/> bytes are held.</summary>
    private void EvictWhileOver(long limit, ScopeVectors? keep, List<ScopeVectors> evicted)
    {
        while (_bytes > limit && _recency.Last is { } last && last.Value != keep)
        {
            _recency.RemoveLast();
            _resident.Remove(last.Value.Scope);
            _bytes -= last.Value.Bytes;
            _evictions++;
            evicted.Add(last.Value);
        }
    }

    private void Dropped(List<ScopeVectors> evicted)
    {
        foreach (var dropped in evicted)
        {
            dropped.Release();
            OnEvicted?.Invoke(dropped.Scope, dropped.Bytes);
        }
    }

    /// <summary>A load in progress and how many searches wait for it.</summary>
    private sealed class Load
    {
        public Task<ScopeVectors> Task { get; set; } = null!;

        public int Waiters { get; set; }
    }
}

/// <summary>What the vector cache holds and how it has been used since the store was opened.</summary>
/// <param name="Misses">Searches that had to load their scope's vectors (first use, after a write, or after eviction).</param>
/// <param name="BlockBytesAllocated">Memory allocated for matrix blocks since the store was opened; blocks of evicted
/// scopes are reused, so this stops growing at about the budget.</param>
public sealed record VectorCacheStats(int Scopes, long Bytes, long BudgetBytes, long Hits, long Misses, long Evictions, long BlockBytesAllocated = 0);
