using Briefer.Core.Chunking;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>A sentence of a retrieved chunk that could be quoted as an answer, with its neighbours in the text.</summary>
/// <param name="start">Offset of the sentence in the document's normalised text.</param>
/// <param name="chunkRank">Rank (0 = best) of the chunk it came from in the retrieval results.</param>
/// <param name="index">Position among the chunk's sentences.</param>
/// <param name="terms">The sentence's analysed terms (keyword analyzer), in order.</param>
/// <param name="previous">The sentence before it in the same chunk (null at the chunk's start or after a heading).</param>
/// <remarks>Compared by reference: two candidates are the same only when they are the same object.</remarks>
public sealed class SentenceCandidate(
    RetrievedChunk chunk,
    int chunkRank,
    int index,
    int start,
    int end,
    string text,
    IReadOnlyList<string> terms,
    SentenceCandidate? previous)
{
    public RetrievedChunk Chunk { get; } = chunk;

    public int ChunkRank { get; } = chunkRank;

    public int Index { get; } = index;

    public int Start { get; } = start;

    public int End { get; } = end;

    public string Text { get; } = text;

    public IReadOnlyList<string> Terms { get; } = terms;

    public SentenceCandidate? Previous { get; } = previous;

    /// <summary>The sentence after it in the same chunk; set while candidates are built.</summary>
    public SentenceCandidate? Next { get; internal set; }

    /// <summary>The distinct analysed terms.</summary>
    public IReadOnlySet<string> TermSet { get; } = terms.ToHashSet(StringComparer.Ordinal);

    /// <summary>The sentence's words, lower case, as written.</summary>
    public IReadOnlySet<string> LowerWords { get; } = TextWords.Split(text).Select(w => w.Text.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the sentence can stand as a quote: not a title, heading, caption or fragment.</summary>
    public bool Quotable { get; init; } = true;
}

/// <summary>Splits retrieved chunks into candidate sentences.</summary>
public static class SentenceCandidates
{
    /// <summary>
    /// The sentences of <paramref name="chunks"/> in retrieval order; a sentence repeated by overlapping chunks is kept
    /// once, from the better-ranked chunk. Unquotable lines (titles, headings, fragments) are kept as neighbours but
    /// marked, so they can give context without being quoted.
    /// </summary>
    public static IReadOnlyList<SentenceCandidate> From(IReadOnlyList<RetrievedChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var result = new List<SentenceCandidate>();
        var seen = new HashSet<(string, int)>();
        for (var rank = 0; rank < chunks.Count; rank++)
        {
            var chunk = chunks[rank];
            SentenceCandidate? previous = null;
            var index = 0;
            foreach (var range in SentenceSplitter.Split(chunk.Text))
            {
                var text = chunk.Text[range.Start..range.End];
                var start = chunk.Start + range.Start;
                var quotable = IsQuotable(text, chunk.Title);
                var candidate = new SentenceCandidate(chunk, rank, index++, start, start + text.Length, text, AnswerTerms.Analyze(text), quotable ? previous : null)
                {
                    Quotable = quotable,
                };
                if (previous is not null && quotable)
                {
                    previous.Next = candidate;
                }

                previous = quotable ? candidate : null;
                if (quotable && seen.Add((chunk.DocumentId.Value, start)))
                {
                    result.Add(candidate);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Titles, headings, captions and fragments are not quoted as answers: a quotable sentence has at least four words and
    /// ends like a sentence; a line without closing punctuation (a heading, as the splitter keeps lines apart) only
    /// when it is long enough to be prose (a list item, a sentence missing its full stop).
    /// </summary>
    public static bool IsQuotable(string sentence, string title)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(title);
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var trimmed = sentence.TrimEnd('"', '\'', '”', '’', ')', ']', '»');
        var terminated = trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…' or ';';
        if (words < 4)
        {
            return false;
        }

        // The title line is not evidence, unless it is written as a sentence: a one-line note's only line is both.
        if (string.Equals(sentence.TrimEnd('.'), title.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            return terminated && trimmed[^1] != '?';
        }

        return terminated || words >= 15;
    }
}
