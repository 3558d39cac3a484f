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
/// rather than evicting every other scope. The matrices live in native memory (<see cref="VectorMatrix"/>): a search
/// holds a lease on its scope's matrix, so an eviction during the scan frees the memory only when the scan is done.
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
    /// A lease on the vectors of <paramref name="scope"/> at <paramref name="version"/> or newer: the resident copy when
    /// it is current, else the result of <paramref name="load"/> (shared with concurrent callers for the same scope).
    /// Dispose the lease when the search is done.
    /// </summary>
    public async Task<ScopeVectorLease> GetAsync(ScopeId scope, long version, Func<Task<ScopeVectors>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        Task<ScopeVectors> loading;
        lock (_gate)
        {
            if (_resident.TryGetValue(scope, out var node) && node.Value.Version >= version && node.Value.TryAcquire())
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                _hits++;
                return new ScopeVectorLease(node.Value);
            }

            _misses++;
            if (!_loading.TryGetValue(scope, out loading!))
            {
                loading = LoadAsync(scope, load);
                _loading[scope] = loading;
            }
        }

        var vectors = await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (vectors.Version >= version && vectors.TryAcquire())
        {
            return new ScopeVectorLease(vectors);
        }

        // The shared load had started before the write this caller already saw, or was evicted before this caller
        // could read it: load again.
        return await GetAsync(scope, version, load, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops every scope (the store is closing); memory still leased is freed when its last search ends.</summary>
    public void Clear()
    {
        List<ScopeVectors> dropped;
        lock (_gate)
        {
            dropped = [.. _recency];
            _resident.Clear();
            _recency.Clear();
            _bytes = 0;
        }

        dropped.ForEach(v => v.Retire());
    }

    /// <summary>Drops a scope (e.g. after it lost its last document); it is loaded again when next searched.</summary>
    public void Remove(ScopeId scope)
    {
        LinkedListNode<ScopeVectors>? node;
        lock (_gate)
        {
            if (_resident.Remove(scope, out node))
            {
                _recency.Remove(node);
                _bytes -= node.Value.Bytes;
            }
        }

        node?.Value.Retire();
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
                evicted.Add(previous.Value);
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
            dropped.Retire();
            if (dropped.Scope != scope)
            {
                OnEvicted?.Invoke(dropped.Scope, dropped.Bytes);
            }
        }
    }
}

/// <summary>What the vector cache holds and how it has been used since the store was opened.</summary>
/// <param name="Misses">Searches that had to load their scope's vectors (first use, after a write, or after eviction).</param>
public sealed record VectorCacheStats(int Scopes, long Bytes, long BudgetBytes, long Hits, long Misses, long Evictions);
