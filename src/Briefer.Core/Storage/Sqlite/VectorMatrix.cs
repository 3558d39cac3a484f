namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// A scope's row vectors: as many rows as fill whole <see cref="VectorBlockPool"/> blocks go into pooled blocks, the
/// rest into one exact-size tail array (smaller than a block, so on the small-object heap, which the GC compacts).
/// A row never spans two arrays, so the scan reads each array as one contiguous run of rows.
/// </summary>
internal sealed class VectorMatrix
{
    private readonly float[][] _blocks;
    private readonly float[] _tail;
    private readonly VectorBlockPool? _pool;
    private int _released;

    private VectorMatrix(int rows, int dimensions, float[][] blocks, float[] tail, VectorBlockPool? pool)
    {
        Rows = rows;
        Dimensions = dimensions;
        RowsPerBlock = RowsPerBlockFor(dimensions);
        _blocks = blocks;
        _tail = tail;
        _pool = pool;
    }

    public int Rows { get; }

    public int Dimensions { get; }

    /// <summary>Rows in each full block (0 when one row is larger than a block: then every row is in the tail).</summary>
    public int RowsPerBlock { get; }

    /// <summary>The memory the matrix holds: whole blocks and the tail.</summary>
    public long Bytes => ((long)_blocks.Length * VectorBlockPool.BlockBytes) + ((long)_tail.Length * sizeof(float));

    /// <summary>Blocks plus the tail, when it has rows.</summary>
    public int Segments => _blocks.Length + (_tail.Length > 0 ? 1 : 0);

    /// <summary>A matrix of <paramref name="rows"/> rows whose blocks come from <paramref name="pool"/> (contents undefined).</summary>
    public static VectorMatrix Rent(VectorBlockPool pool, int rows, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var (blocks, tailRows) = Shape(rows, dimensions);
        return new VectorMatrix(rows, dimensions, pool.Rent(blocks), new float[tailRows * dimensions], pool);
    }

    /// <summary>A matrix holding a copy of <paramref name="values"/> (row after row), in arrays of its own.</summary>
    public static VectorMatrix Copy(ReadOnlySpan<float> values, int dimensions)
    {
        var rows = values.Length / dimensions;
        var (blockCount, tailRows) = Shape(rows, dimensions);
        var blocks = new float[blockCount][];
        for (var b = 0; b < blockCount; b++)
        {
            blocks[b] = new float[VectorBlockPool.BlockFloats];
        }

        var matrix = new VectorMatrix(rows, dimensions, blocks, new float[tailRows * dimensions], pool: null);
        for (var i = 0; i < rows; i++)
        {
            values.Slice(i * dimensions, dimensions).CopyTo(matrix.Row(i));
        }

        return matrix;
    }

    /// <summary>Full blocks and the rows left for the tail, for <paramref name="rows"/> rows.</summary>
    public static (int Blocks, int TailRows) Shape(int rows, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        var perBlock = RowsPerBlockFor(dimensions);
        var blocks = perBlock == 0 ? 0 : rows / perBlock;
        return (blocks, rows - (blocks * perBlock));
    }

    /// <summary>Bytes a matrix of this shape holds (what <see cref="Bytes"/> will say), before renting it.</summary>
    public static long BytesFor(int rows, int dimensions)
    {
        var (blocks, tailRows) = Shape(rows, dimensions);
        return ((long)blocks * VectorBlockPool.BlockBytes) + ((long)tailRows * dimensions * sizeof(float));
    }

    /// <summary>Row <paramref name="index"/>, to write while loading.</summary>
    public Span<float> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Rows);
        var full = _blocks.Length * RowsPerBlock;
        return index < full
            ? _blocks[index / RowsPerBlock].AsSpan(index % RowsPerBlock * Dimensions, Dimensions)
            : _tail.AsSpan((index - full) * Dimensions, Dimensions);
    }

    /// <summary>Segment <paramref name="segment"/>'s rows, one after another, and the index of its first row.</summary>
    public ReadOnlySpan<float> Segment(int segment, out int firstRow)
    {
        if (segment < _blocks.Length)
        {
            firstRow = segment * RowsPerBlock;
            return _blocks[segment].AsSpan(0, RowsPerBlock * Dimensions);
        }

        firstRow = _blocks.Length * RowsPerBlock;
        return _tail;
    }

    /// <summary>Gives the blocks back to the pool (once; later calls do nothing). The matrix must not be read afterwards.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0 && _pool is not null && _blocks.Length > 0)
        {
            _pool.Return(_blocks);
        }
    }

    private static int RowsPerBlockFor(int dimensions) => VectorBlockPool.BlockFloats / dimensions;
}
