using Briefer.Core.Embeddings;

namespace Briefer.Core.Answering;

/// <summary>
/// Sentence-level semantic features from the bundled embedding model, for the few candidates worth the cost: the
/// question's run through the model is the one retrieval made (<see cref="QueryEncodings"/>), and each of the <see cref="Shortlist"/> candidates that cover the question
/// best (by words), plus up to <see cref="TypeShortlist"/> from the best chunks that hold the kind of answer asked for
/// (the reason for a "why" often shares no word with the question), for its sentence embedding and token states (<see cref="TokenAlignment"/>): the
/// uncached ones together in one padded model run, not one run each. Sentence
/// states are kept in a small least-recently-used cache, since the same passages answer many questions.
/// </summary>
/// <param name="queries">The questions' model runs, shared with the retriever (so a question runs once); null keeps its own.</param>
public sealed class SentenceSemantics(ArcticEmbeddingGenerator model, BertUncasedTokenizer tokenizer, int cacheCapacity = SentenceSemantics.CacheCapacity, QueryEncodings? queries = null)
{
    /// <summary>How many candidates get semantic features.</summary>
    public const int Shortlist = 6;

    /// <summary>How many more candidates, holding the asked-for kind of answer, get them.</summary>
    public const int TypeShortlist = 2;

    /// <summary>Those come from the chunks retrieval ranked this high (0 = best).</summary>
    public const int TypeShortlistChunks = 3;

    /// <summary>How many sentences' token states are cached by default (about 50 KB each).</summary>
    public const int CacheCapacity = 512;

    private readonly LinkedList<(string Text, TokenStates States)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Text, TokenStates States)>> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly QueryEncodings _queries = queries is null || !ReferenceEquals(queries.Model, model) ? new QueryEncodings(model) : queries;

    /// <summary>The names of the features, in order: <see cref="TokenAlignment.Names"/>, then whether they were computed.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. TokenAlignment.Names, "semantic"];

    /// <summary>
    /// The candidates that get semantic features: the <see cref="Shortlist"/> with the highest word coverage of the
    /// question, ties broken by retrieval rank, then text order; then up to <see cref="TypeShortlist"/> others of the
    /// <see cref="TypeShortlistChunks"/> best chunks for which <paramref name="holdsAskedType"/> holds, best chunk first.
    /// </summary>
    public static IReadOnlyList<int> Choose(IReadOnlyList<SentenceCandidate> candidates, Func<SentenceCandidate, double> coverage, Func<SentenceCandidate, bool>? holdsAskedType = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(coverage);
        var chosen = Enumerable.Range(0, candidates.Count)
            .OrderByDescending(i => coverage(candidates[i]))
            .ThenBy(i => candidates[i].ChunkRank)
            .ThenBy(i => candidates[i].Index)
            .Take(Shortlist)
            .ToList();
        if (holdsAskedType is not null)
        {
            chosen.AddRange(Enumerable.Range(0, candidates.Count)
                .Where(i => !chosen.Contains(i) && candidates[i].ChunkRank < TypeShortlistChunks && candidates[i].Quotable && holdsAskedType(candidates[i]))
                .OrderBy(i => candidates[i].ChunkRank)
                .ThenByDescending(i => coverage(candidates[i]))
                .ThenBy(i => candidates[i].Index)
                .Take(TypeShortlist)
                .ToList());
        }

        return chosen;
    }

    /// <summary>Encodes the question and the shortlisted candidates; returns each candidate's features (zeros off the shortlist).</summary>
    public async Task<Func<SentenceCandidate, float[]>> PrepareAsync(QuestionAnalysis question, IReadOnlyList<SentenceCandidate> candidates, Func<SentenceCandidate, double> coverage, CancellationToken cancellationToken, Func<SentenceCandidate, bool>? holdsAskedType = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(candidates);
        var shortlist = Choose(candidates, coverage, holdsAskedType).Select(i => candidates[i]).ToList();
        if (shortlist.Count == 0)
        {
            return _ => new float[Names.Count];
        }

        var encoding = await TokenAlignment.EncodeQuestionAsync(_queries, tokenizer, question, cancellationToken).ConfigureAwait(false);
        var states = await StatesAsync([.. shortlist.Select(c => c.Text)], cancellationToken).ConfigureAwait(false);
        var features = new Dictionary<SentenceCandidate, float[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < shortlist.Count; i++)
        {
            features[shortlist[i]] = [.. TokenAlignment.Features(encoding, states[i]), 1];
        }

        return c => features.TryGetValue(c, out var f) ? f : new float[Names.Count];
    }

    // Each text's states: the cached ones from the cache, the others in one model run together.
    private async Task<TokenStates[]> StatesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new TokenStates[texts.Count];
        var missing = new List<string>();
        lock (_lock)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                if (_cache.TryGetValue(texts[i], out var hit))
                {
                    _order.Remove(hit);
                    _order.AddFirst(hit);
                    result[i] = hit.Value.States;
                }
                else if (!missing.Contains(texts[i], StringComparer.Ordinal))
                {
                    missing.Add(texts[i]);
                }
            }
        }

        if (missing.Count == 0)
        {
            return result;
        }

        var encoded = await model.EncodeTokensAsync(missing, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            for (var m = 0; m < missing.Count; m++)
            {
                if (!_cache.ContainsKey(missing[m]))
                {
                    _cache[missing[m]] = _order.AddFirst((missing[m], encoded[m]));
                    if (_cache.Count > cacheCapacity)
                    {
                        _cache.Remove(_order.Last!.Value.Text);
                        _order.RemoveLast();
                    }
                }
            }
        }

        for (var i = 0; i < texts.Count; i++)
        {
            result[i] ??= encoded[missing.IndexOf(texts[i])];
        }

        return result;
    }
}
