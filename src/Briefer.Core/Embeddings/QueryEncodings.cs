namespace Briefer.Core.Embeddings;

/// <summary>
/// One model run per question: a query run through the model with its query prefix, every token's state kept. The
/// retriever takes the [CLS] row (the query embedding, bit for bit what <see cref="ArcticEmbeddingGenerator.GenerateAsync"/>
/// returns for the same text) and the answer path's semantic features take the rows, so answering a question runs the
/// model once for it, not twice. The last few queries are kept (retrieval and composition of one question follow each
/// other; a follow-up or a retried command asks the same text again). Register as a singleton.
/// </summary>
/// <param name="model">The model the queries run through.</param>
/// <param name="capacity">How many queries' states are kept (1.5 KB per token: about 40 KB for a short question).</param>
public sealed class QueryEncodings(ArcticEmbeddingGenerator model, int capacity = QueryEncodings.DefaultCapacity)
{
    /// <summary>How many queries are kept by default.</summary>
    public const int DefaultCapacity = 64;

    private readonly LinkedList<(string Query, TokenStates States)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Query, TokenStates States)>> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _runs;

    /// <summary>The model queries run through: a retriever uses these encodings only when it embeds with this same model.</summary>
    public ArcticEmbeddingGenerator Model => model;

    /// <summary>How many times a query has been run through the model (the rest were kept).</summary>
    public long ModelRuns => Interlocked.Read(ref _runs);

    /// <summary>
    /// The token states of <paramref name="query"/> with <see cref="EmbeddingModelInfo.QueryPrefix"/> in front (row 0,
    /// <see cref="TokenStates.Embedding"/>, is the query embedding); from the last few queries when it is one of them.
    /// </summary>
    public async Task<TokenStates> EncodeAsync(string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            if (_cache.TryGetValue(query, out var hit))
            {
                _order.Remove(hit);
                _order.AddFirst(hit);
                return hit.Value.States;
            }
        }

        // Two callers asking the same new query at the same moment both run it: rarer than the lock-free hit path is worth.
        var states = await model.EncodeTokensAsync(ArcticEmbeddingGenerator.ModelInfo.QueryPrefix + query, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _runs);
        lock (_lock)
        {
            if (!_cache.ContainsKey(query))
            {
                _cache[query] = _order.AddFirst((query, states));
                if (_cache.Count > Math.Max(1, capacity))
                {
                    _cache.Remove(_order.Last!.Value.Query);
                    _order.RemoveLast();
                }
            }
        }

        return states;
    }
}
