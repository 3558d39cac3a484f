using Briefer.Core.Documents;
using Briefer.Core.Storage.Sqlite;

namespace Briefer.Core.Tests.Storage;

/// <summary>The vector cache's pooled blocks: reused after eviction, held by leases, laid out so the scan stays exact.</summary>
public sealed class ScopeVectorBlocksTests
{
    private const int Dimensions = 384;
    private const int Rows = 500; // 11 full blocks of 42 rows and a tail of 38
    private static readonly ScopeId A = new("a");
    private static readonly ScopeId B = new("b");

    [Fact]
    public async Task GetAsync_LoadAfterAnEviction_ReusesTheEvictedScopesBlocks()
    {
        var cache = new ScopeVectorCache(ScopeVectors.BytesFor(Rows, Dimensions) + 1024); // room for one scope
        (await cache.GetAsync(A, 1, () => LoadAsync(cache, A, seed: 1), default)).Dispose();
        var blocks = cache.Stats.BlockBytesAllocated;

        (await cache.GetAsync(B, 1, () => LoadAsync(cache, B, seed: 2), default)).Dispose();

        Assert.Equal(1, cache.Stats.Evictions);
        Assert.True(blocks >= 11L * VectorBlockPool.BlockBytes, $"{blocks} bytes of blocks");
        Assert.Equal(blocks, cache.Stats.BlockBytesAllocated);
    }

    [Fact]
    public void Rent_AfterEviction_AllocatesLessThanOneBlock()
    {
        var cache = new ScopeVectorCache(ScopeVectors.BytesFor(Rows, Dimensions) + 1024);
        cache.Rent(Rows, Dimensions).Release(); // warm: the pool's blocks and the code paths

        var before = GC.GetAllocatedBytesForCurrentThread();
        var matrix = cache.Rent(Rows, Dimensions);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Only the tail (38 rows), the block list and bookkeeping are new: ~60 KB, where a fresh matrix is 750 KB.
        Assert.InRange(allocated, 1, VectorBlockPool.BlockBytes);
        matrix.Release();
    }

    [Fact]
    public async Task GetAsync_EvictsAScopeWhileASearchHoldsItsLease_TheSearchStillSeesItsOwnVectors()
    {
        var cache = new ScopeVectorCache(ScopeVectors.BytesFor(Rows, Dimensions) + 1024);
        var scanning = await cache.GetAsync(A, 1, () => LoadAsync(cache, A, seed: 1), default);
        var query = Row(seed: 1, row: 123);

        // While the scan holds A, B's load evicts A: A's blocks must not be handed to B.
        using (await cache.GetAsync(B, 1, () => LoadAsync(cache, B, seed: 2), default))
        {
            Assert.Equal(1, cache.Stats.Evictions);
            Assert.Equal(0, cache.FreeBlocks);
            var best = scanning.Vectors.Search(query, 1, null);
            Assert.Equal(123L, Assert.Single(best).RowId);
            Assert.Equal(1.0, best[0].Score, 4);
        }

        scanning.Dispose();

        // The scan is done: A's blocks go back (those beyond the budget to the GC), and the next load takes them.
        Assert.True(cache.FreeBlocks > 0, "A's blocks were not returned when its last lease was released");
        var blocks = cache.Stats.BlockBytesAllocated;
        (await cache.GetAsync(A, 2, () => LoadAsync(cache, A, seed: 3, version: 2), default)).Dispose();
        Assert.Equal(blocks, cache.Stats.BlockBytesAllocated);
    }

    [Fact]
    public async Task GetAsync_CancelledWaiter_DoesNotKeepTheSnapshotAliveAfterEviction()
    {
        var cache = new ScopeVectorCache(ScopeVectors.BytesFor(Rows, Dimensions) + 1024);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var waiter = cache.GetAsync(A, 1, async () => { await release.Task; return await LoadAsync(cache, A, seed: 1); }, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        release.SetResult();
        using (var a = await cache.GetAsync(A, 1, () => throw new InvalidOperationException("loaded twice"), default).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(Rows, a.Vectors.Count);
        }

        (await cache.GetAsync(B, 1, () => LoadAsync(cache, B, seed: 2), default)).Dispose();

        // A was evicted with no lease left (the cancelled waiter's reference was dropped), so B took A's blocks.
        Assert.Equal(1, cache.Stats.Evictions);
        Assert.Equal((long)11 * VectorBlockPool.BlockBytes, cache.Stats.BlockBytesAllocated);
    }

    [Fact]
    public async Task Stats_Bytes_IsWhatTheResidentSnapshotsHoldAndStaysWithinTheBudget()
    {
        var one = ScopeVectors.BytesFor(Rows, Dimensions);
        var cache = new ScopeVectorCache((2 * one) + (one / 2));
        var held = new Dictionary<ScopeId, long>();
        for (var i = 0; i < 6; i++)
        {
            var scope = new ScopeId("s" + i);
            using var lease = await cache.GetAsync(scope, 1, () => LoadAsync(cache, scope, seed: i), default);
            held[scope] = lease.Vectors.Bytes;
            Assert.True(cache.Stats.Bytes <= cache.BudgetBytes, $"{cache.Stats.Bytes} bytes held, budget {cache.BudgetBytes}");
        }

        Assert.Equal(one, held.Values.Distinct().Single());
        Assert.Equal(2, cache.Stats.Scopes);
        Assert.Equal(2 * one, cache.Stats.Bytes);
        Assert.Equal(4, cache.Stats.Evictions);
    }

    [Fact]
    public void Search_AcrossBlocksAndTheTail_FindsTheSameTopKAsAPlainScan()
    {
        var cache = new ScopeVectorCache(1L << 24);
        var vectors = Filled(cache, A, 1, seed: 7);
        var query = Row(seed: 99, row: 0);
        var expected = Enumerable.Range(0, Rows)
            .Select(r => (RowId: (long)r, Score: Row(7, r).Zip(query, (x, y) => (double)x * y).Sum()))
            .OrderByDescending(x => x.Score).Take(20).ToList();

        var found = vectors.Search(query, 20, null);

        Assert.Equal(expected.Select(x => x.RowId), found.Select(x => x.RowId));
        Assert.Equal(Rows - 1, vectors.Search(Row(7, Rows - 1), 1, null)[0].RowId); // the tail's last row
        Assert.Equal(41, vectors.Search(Row(7, 41), 1, null)[0].RowId); // a block's last row
        Assert.Equal(42, vectors.Search(Row(7, 42), 1, null)[0].RowId); // the next block's first row
    }

    [Fact]
    public void Shape_Rows_FillWholeBlocksThenAnExactTail()
    {
        Assert.Equal((11, 38), VectorMatrix.Shape(Rows, Dimensions));
        Assert.Equal((0, 5), VectorMatrix.Shape(5, Dimensions));
        Assert.Equal((2, 0), VectorMatrix.Shape(84, Dimensions));
        Assert.Equal((0, 3), VectorMatrix.Shape(3, VectorBlockPool.BlockFloats + 1)); // a row larger than a block: all tail
        Assert.Equal((11L * VectorBlockPool.BlockBytes) + (38L * Dimensions * sizeof(float)), VectorMatrix.BytesFor(Rows, Dimensions));
    }

    private static Task<ScopeVectors> LoadAsync(ScopeVectorCache cache, ScopeId scope, int seed, long version = 1) =>
        Task.FromResult(Filled(cache, scope, version, seed));

    private static ScopeVectors Filled(ScopeVectorCache cache, ScopeId scope, long version, int seed)
    {
        var matrix = cache.Rent(Rows, Dimensions);
        for (var r = 0; r < Rows; r++)
        {
            Row(seed, r).CopyTo(matrix.Row(r));
        }

        return new ScopeVectors(scope, version, matrix, [.. Enumerable.Range(0, Rows).Select(r => (long)r)], new DateOnly?[Rows]);
    }

    /// <summary>A unit vector determined by (seed, row).</summary>
    private static float[] Row(int seed, int row)
    {
        var random = new Random((seed * 100_003) + row);
        var vector = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        return [.. vector.Select(x => x / norm)];
    }
}
