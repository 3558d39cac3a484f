using Briefer.Core.Documents;
using Briefer.Core.Storage.Sqlite;

namespace Briefer.Core.Tests.Storage;

public sealed class ScopeVectorCacheTests
{
    private const int Dimensions = 4;
    private static readonly ScopeId A = new("a");
    private static readonly ScopeId B = new("b");
    private static readonly ScopeId C = new("c");

    [Fact]
    public async Task GetAsync_SameVersionTwice_LoadsOnce()
    {
        var cache = new ScopeVectorCache(1 << 20);
        var loads = 0;

        using (await cache.GetAsync(A, 1, () => { loads++; return Task.FromResult(Vectors(A, 1, 10)); }, default))
        {
        }

        using var second = await cache.GetAsync(A, 1, () => { loads++; return Task.FromResult(Vectors(A, 1, 10)); }, default);

        Assert.Equal(1, loads);
        Assert.Equal(10, second.Vectors.Count);
        Assert.Equal((1L, 1L), (cache.Stats.Hits, cache.Stats.Misses));
    }

    [Fact]
    public async Task GetAsync_NewerVersion_ReloadsAndReplaces()
    {
        var cache = new ScopeVectorCache(1 << 20);
        (await cache.GetAsync(A, 1, () => Task.FromResult(Vectors(A, 1, 10)), default)).Dispose();

        using var reloaded = await cache.GetAsync(A, 2, () => Task.FromResult(Vectors(A, 2, 20)), default);

        Assert.Equal(20, reloaded.Vectors.Count);
        Assert.Equal(1, cache.Stats.Scopes);
        Assert.Equal(reloaded.Vectors.Bytes, cache.Stats.Bytes);
    }

    [Fact]
    public async Task GetAsync_OverBudget_EvictsTheLeastRecentlySearchedScope()
    {
        var size = Vectors(A, 1, 100).Bytes;
        var cache = new ScopeVectorCache((2 * size) + 10);
        var loads = new List<ScopeId>();
        Task<ScopeVectors> Load(ScopeId scope)
        {
            loads.Add(scope);
            return Task.FromResult(Vectors(scope, 1, 100));
        }

        foreach (var scope in new[] { A, B, A, C, A, B })
        {
            // After A, B, A: A is the most recent, so C pushes B out.
            (await cache.GetAsync(scope, 1, () => Load(scope), default)).Dispose();
        }

        Assert.Equal([A, B, C, B], loads);
        Assert.Equal(2, cache.Stats.Scopes);
        Assert.True(cache.Stats.Bytes <= cache.BudgetBytes);
        Assert.Equal(2, cache.Stats.Evictions);
    }

    [Fact]
    public async Task GetAsync_WhileAnotherScopeLoads_IsNotHeldUp()
    {
        var cache = new ScopeVectorCache(1 << 20);
        var slow = new TaskCompletionSource<ScopeVectors>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loadingA = cache.GetAsync(A, 1, () => slow.Task, default);

        using var b = await cache.GetAsync(B, 1, () => Task.FromResult(Vectors(B, 1, 5)), default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5, b.Vectors.Count);
        Assert.False(loadingA.IsCompleted);
        slow.SetResult(Vectors(A, 1, 7));
        using var a = await loadingA.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(7, a.Vectors.Count);
    }

    [Fact]
    public async Task GetAsync_ConcurrentSearchesOfALoadingScope_ShareOneLoad()
    {
        var cache = new ScopeVectorCache(1 << 20);
        var loads = 0;
        var slow = new TaskCompletionSource<ScopeVectors>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<ScopeVectors> Load()
        {
            Interlocked.Increment(ref loads);
            return slow.Task;
        }

        var waiters = Enumerable.Range(0, 5).Select(_ => cache.GetAsync(A, 1, Load, default)).ToList();
        slow.SetResult(Vectors(A, 1, 3));
        var leases = await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, loads);
        Assert.Single(leases.Select(l => l.Vectors).Distinct());
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task GetAsync_OneWaiterCancels_TheSharedLoadCarriesOnForOthers()
    {
        var cache = new ScopeVectorCache(1 << 20);
        var slow = new TaskCompletionSource<ScopeVectors>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var cancelled = cache.GetAsync(A, 1, () => slow.Task, cancel.Token);
        var patient = cache.GetAsync(A, 1, () => slow.Task, default);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        slow.SetResult(Vectors(A, 1, 3));

        using var lease = await patient.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, lease.Vectors.Count);
        Assert.Equal(1, cache.Stats.Scopes);
    }

    [Fact]
    public async Task GetAsync_ScopeLargerThanTheBudget_IsServedButNotKeptAndWarnedOnce()
    {
        var big = Vectors(B, 1, 1000);
        var warnings = new List<ScopeId>();
        var cache = new ScopeVectorCache(big.Bytes / 2) { OnOversized = (scope, _) => warnings.Add(scope) };
        (await cache.GetAsync(A, 1, () => Task.FromResult(Vectors(A, 1, 10)), default)).Dispose();

        using var first = await cache.GetAsync(B, 1, () => Task.FromResult(big), default);
        using var second = await cache.GetAsync(B, 1, () => Task.FromResult(Vectors(B, 1, 1000)), default);

        Assert.Equal(1000, first.Vectors.Count);
        Assert.Equal(1000, second.Vectors.Count);
        Assert.Equal([B], warnings);
        Assert.Equal(1, cache.Stats.Scopes); // A stays: a scope that cannot fit does not push others out
        Assert.Equal(0, cache.Stats.Evictions);
    }

    [Fact]
    public void Search_ReturnsBestFirstAndHonoursTheDateFilter()
    {
        var vectors = new ScopeVectors(A, 1, VectorMatrix.Copy([1, 0, 0, 1, 0.8f, 0.6f], 2), [10, 11, 12], [new DateOnly(2026, 1, 1), null, new DateOnly(2026, 1, 9)]);

        var all = vectors.Search([1, 0], 3, null);
        var recent = vectors.Search([1, 0], 3, new DateOnly(2026, 1, 5));

        Assert.Equal([10L, 12L, 11L], all.Select(r => r.RowId));
        Assert.Equal([12L], recent.Select(r => r.RowId));
    }

    private static ScopeVectors Vectors(ScopeId scope, long version, int count) =>
        new(scope, version, VectorMatrix.Copy(new float[count * Dimensions], Dimensions), new long[count], new DateOnly?[count]);
}
