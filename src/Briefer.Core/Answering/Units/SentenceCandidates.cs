using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// An answer unit of a retrieved chunk that could be quoted: a sentence, a list item, a table row, a key–value line
/// or a code block (or one statement of a long one), with its neighbours in the same section.
/// </summary>
/// <param name="start">Offset of the unit in the document's normalised text.</param>
/// <param name="chunkRank">Rank (0 = best) of the chunk it came from in the retrieval results.</param>
/// <param name="index">Position among the chunk's units.</param>
/// <param name="text">The unit exactly as in the document: what a citation quotes.</param>
/// <param name="terms">The unit's analysed terms (keyword analyzer), in order; for a table row, a key–value line or code, the terms of its context (header cells, heading, the sentence introducing the code) come first.</param>
/// <param name="previous">The unit before it in the same chunk and section (null at the chunk's start or after a heading).</param>
/// <remarks>Compared by reference: two candidates are the same only when they are the same object. The class keeps its
/// historical name while the answering code is reorganised.</remarks>
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

    /// <summary>The unit after it in the same chunk and section; set while candidates are built.</summary>
    public SentenceCandidate? Next { get; internal set; }

    /// <summary>
    /// The distinct analysed terms, and the parts of the identifiers the unit writes (<c>broker.heartbeat_ms</c> mentions
    /// a heartbeat, <see cref="AnswerTerms.IdentifierParts"/>): what counts as mentioned by it.
    /// </summary>
    public IReadOnlySet<string> TermSet { get; } = new HashSet<string>([.. terms, .. AnswerTerms.IdentifierParts(text)], StringComparer.Ordinal);

    /// <summary>The unit's own words, lower case, as written.</summary>
    public IReadOnlySet<string> LowerWords { get; } = TextWords.Split(text).Select(w => w.Text.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the unit can stand as a quote: not a title, heading, caption or fragment.</summary>
    public bool Quotable { get; init; } = true;

    /// <summary>What the unit is: <see cref="BlockKind.Paragraph"/> for a sentence of prose.</summary>
    public BlockKind Kind { get; init; } = BlockKind.Paragraph;

    /// <summary>The headings above the unit, outermost first, joined with <see cref="TextBlock.PathSeparator"/>; empty when unknown.</summary>
    public string HeadingPath { get; init; } = string.Empty;

    /// <summary>For a table row, its header cells joined with <c> | </c>; for code, its language; else null.</summary>
    public string? Context { get; init; }

    /// <summary>
    /// The terms the unit's surroundings mention for it: its heading path, table header, the key its list item opens with.
    /// A heading's words count as mentioned by the units under it (key-term checks, abstain reasons).
    /// </summary>
    public IReadOnlySet<string> ContextTerms { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The unit as a reader should see it: a table row with its header ("Flag: --port | Default: 80"), a key–value line after its heading; else <see cref="Text"/>.</summary>
    public string DisplayText { get; init; } = text;

    /// <summary>For code joined to the sentence introducing it, where the code starts in <see cref="Text"/>; else 0.</summary>
    public int CodeStart { get; init; }
}

/// <summary>Splits retrieved chunks into answer units (see <see cref="SentenceCandidate"/>).</summary>
public static class SentenceCandidates
{
    /// <summary>
    /// The units of <paramref name="chunks"/> in retrieval order; a unit repeated by overlapping chunks is kept once,
    /// from the better-ranked chunk. Headings, titles and fragments are not candidates: they break the chain of
    /// neighbours and give context (their words count as mentioned by the units under them).
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
            foreach (var unit in UnitBuilder.Units(chunk))
            {
                var start = chunk.Start + unit.Start;
                var text = chunk.Text[unit.Start..unit.End];
                var candidate = new SentenceCandidate(chunk, rank, index++, start, start + text.Length, text, unit.Terms, unit.Quotable ? previous : null)
                {
                    Quotable = unit.Quotable,
                    Kind = unit.Kind,
                    HeadingPath = unit.HeadingPath,
                    Context = unit.Context,
                    ContextTerms = unit.ContextTerms,
                    DisplayText = unit.DisplayText,
                    CodeStart = unit.CodeStart,
                };
                if (previous is not null && unit.Quotable)
                {
                    previous.Next = candidate;
                }

                previous = unit.Quotable ? candidate : null;
                if (unit.Quotable && seen.Add((chunk.DocumentId.Value, start)))
                {
                    result.Add(candidate);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Titles, headings, captions and fragments are not quoted as answers: a quotable sentence of prose has at least
    /// four words and ends like a sentence; a line without closing punctuation only when it is long enough to be prose
    /// (a sentence missing its full stop). Structured lines (list items, table rows, key–value lines, code) follow
    /// <see cref="IsQuotable(string, string, BlockKind)"/>.
    /// </summary>
    public static bool IsQuotable(string sentence, string title)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(title);
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var trimmed = sentence.TrimEnd('"', '\'', '”', '’', ')', ']', '»');
        // A lead-in ending in a colon introduces a list, a table or code: it is a sentence too.
        var terminated = trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '…' or ';' or ':';
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

    /// <summary>
    /// Whether a unit of <paramref name="kind"/> can be quoted: prose as <see cref="IsQuotable(string, string)"/>;
    /// a list item, table row, key–value line or code however short, as long as it holds a letter or digit and is not
    /// the title (nor the "Title:"/"Subject:" line a plain-text document's title was read from); headings never.
    /// </summary>
    public static bool IsQuotable(string unit, string title, BlockKind kind)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(title);
        return kind switch
        {
            BlockKind.Heading => false,
            BlockKind.ListItem or BlockKind.TableRow or BlockKind.KeyValue or BlockKind.Code =>
                unit.Any(char.IsLetterOrDigit) && !Ingestion.DocumentHeader.IsTitleLine(unit, title),
            _ => IsQuotable(unit, title),
        };
    }
}
