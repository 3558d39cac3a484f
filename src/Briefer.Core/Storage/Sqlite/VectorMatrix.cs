using System.Runtime.InteropServices;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// One scope's vector matrix in native memory, off the GC heap: the cache's evictions then return memory to the
/// allocator at once instead of leaving large-object-heap segments behind (RSS tracks the budget). A
/// <see cref="SafeHandle"/> does the reference counting: the cache holds one reference while the scope is resident,
/// every search takes one for as long as it reads (<see cref="TryAcquire"/> / <see cref="SafeHandle.DangerousRelease"/>), and the
/// memory is freed when the last of them lets go — or by the finalizer if nobody disposes it (a scope too large to keep).
/// </summary>
internal sealed unsafe class VectorMatrix : SafeHandle
{
    private const int Alignment = 64;

    /// <summary>A zeroed matrix of <paramref name="floats"/> floats.</summary>
    public VectorMatrix(long floats)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floats);
        Length = floats;
        if (floats > 0)
        {
            SetHandle((IntPtr)NativeMemory.AlignedAlloc(checked((nuint)(floats * sizeof(float))), Alignment));
            NativeMemory.Clear((void*)handle, (nuint)(floats * sizeof(float)));
            GC.AddMemoryPressure(Bytes);
        }
    }

    /// <summary>How many floats the matrix holds.</summary>
    public long Length { get; }

    public long Bytes => Length * sizeof(float);

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>True once the memory went back to the allocator (the last reference was released).</summary>
    public bool Freed { get; private set; }

    /// <summary><paramref name="count"/> floats from <paramref name="start"/>; only while a reference is held.</summary>
    public Span<float> Slice(long start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Length);
        return count == 0 ? [] : new Span<float>((float*)handle + start, count);
    }

    /// <summary>Takes a reference for a reader; false when the matrix was already released (evicted and unused).</summary>
    public bool TryAcquire()
    {
        var acquired = false;
        try
        {
            DangerousAddRef(ref acquired);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return acquired;
    }

    protected override bool ReleaseHandle()
    {
        NativeMemory.AlignedFree((void*)handle);
        GC.RemoveMemoryPressure(Bytes);
        Freed = true;
        return true;
    }
}
