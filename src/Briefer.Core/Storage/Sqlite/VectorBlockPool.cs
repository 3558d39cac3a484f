namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// Fixed-size blocks of floats for the vector cache's matrices: allocated once, on the pinned-object heap, and reused by
/// every scope loaded after another was evicted, so loading and evicting scopes does not churn the GC heap (large arrays
/// freed on the large-object heap stay committed: the process's memory grew far past the cache's budget).
/// </summary>
/// <remarks>
/// The pool keeps at most its capacity (the cache's budget) in blocks; blocks returned beyond it (while an evicted
/// scope's blocks were still leased by a search, a load had to allocate more) are left to the GC, so the blocks alive
/// settle back to the budget.
/// </remarks>
internal sealed class VectorBlockPool(long capacityBytes)
{
    /// <summary>Floats per block: 64 KiB, under the large-object threshold so a matrix's exact-size tail never lands on the LOH.</summary>
    public const int BlockFloats = 16 * 1024;

    /// <summary>Bytes per block.</summary>
    public const int BlockBytes = BlockFloats * sizeof(float);

    private readonly Lock _gate = new();
    private readonly Stack<float[]> _free = new();
    private readonly long _capacity = Math.Max(1, capacityBytes / BlockBytes);
    private long _live;
    private long _allocated;

    /// <summary>Blocks allocated since the pool was made (a reused block is not counted again).</summary>
    public long Allocated
    {
        get
        {
            lock (_gate)
            {
                return _allocated;
            }
        }
    }

    /// <summary>Blocks waiting to be reused.</summary>
    public int Free
    {
        get
        {
            lock (_gate)
            {
                return _free.Count;
            }
        }
    }

    /// <summary><paramref name="count"/> blocks: free ones first, new ones for the rest. Their contents are undefined.</summary>
    public float[][] Rent(int count)
    {
        var blocks = new float[count][];
        var reused = 0;
        lock (_gate)
        {
            while (reused < count && _free.TryPop(out var block))
            {
                blocks[reused++] = block;
            }

            _live += count - reused;
            _allocated += count - reused;
        }

        for (var i = reused; i < count; i++)
        {
            blocks[i] = GC.AllocateUninitializedArray<float>(BlockFloats, pinned: true);
        }

        return blocks;
    }

    /// <summary>Takes blocks back for reuse (or lets the GC have them when the pool holds more than its capacity).</summary>
    public void Return(float[][] blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        lock (_gate)
        {
            foreach (var block in blocks)
            {
                if (_live > _capacity)
                {
                    _live--;
                }
                else
                {
                    _free.Push(block);
                }
            }
        }
    }
}
