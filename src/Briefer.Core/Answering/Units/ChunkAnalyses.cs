using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// The analyses of recently retrieved chunks (<see cref="ChunkAnalysis"/>), kept across questions so that composing an
/// answer does not split, tokenise and scan the same chunk text again for every question it is retrieved for. Keyed by
/// document (whose id includes its scope) and chunk index; a hit is used only when the chunk's text, title, start,
/// location and blocks are the ones analysed, so a re-ingested document with other text is analysed afresh. The least
/// recently used analyses go past <see cref="Capacity"/>. Safe for concurrent questions: analyses are never changed
/// once made.
/// </summary>
public sealed class ChunkAnalyses
{
    /// <summary>How many chunks' analyses are kept by default (about 8 chunks per question: the evidence of the last ~250 questions).</summary>
    public const int DefaultCapacity = 2048;

    private readonly Dictionary<(DocumentId, int), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();
    private long _hits;
    private long _misses;

    /// <param name="capacity">How many chunks' analyses are kept; 0 keeps none (every question analyses its chunks).</param>
    public ChunkAnalyses(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>How many chunks' analyses are kept at most.</summary>
    public int Capacity { get; }

    /// <summary>How many analyses are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>How many chunks were found analysed.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>How many chunks were analysed (not kept, or kept with other content).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The analysis of <paramref name="chunk"/>: the kept one when it fits the chunk, else a new one (then kept).</summary>
    internal ChunkAnalysis Of(RetrievedChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var key = (chunk.DocumentId, chunk.ChunkIndex);
        if (Capacity > 0)
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(key, out var node) && node.Value.Analysis.Fits(chunk))
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    Interlocked.Increment(ref _hits);
                    return node.Value.Analysis;
                }
            }
        }

        // Analysed outside the lock: two questions may analyse the same new chunk at once; both get the same values.
        var analysis = ChunkAnalysis.Of(chunk);
        Interlocked.Increment(ref _misses);
        if (Capacity == 0)
        {
            return analysis;
        }

        lock (_lock)
        {
            if (_entries.Remove(key, out var stale))
            {
                _order.Remove(stale);
            }

            _entries[key] = _order.AddFirst(new Entry(key, analysis));
            if (_entries.Count > Capacity)
            {
                _entries.Remove(_order.Last!.Value.Key);
                _order.RemoveLast();
            }
        }

        return analysis;
    }

    private sealed record Entry((DocumentId, int) Key, ChunkAnalysis Analysis);
}
