using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// An answer unit of a retrieved chunk that could be quoted: a sentence, a list item, a table row, a key–value line
/// or a code block (or one statement of a long one), with its neighbours in the same section.
/// </summary>
/// <remarks>Compared by reference: two candidates are the same only when they are the same object. The class keeps its
/// historical name while the answering code is reorganised. What it holds of its text comes from its chunk's
/// <see cref="ChunkAnalysis"/>, shared by every question the chunk is retrieved for.</remarks>
public sealed class SentenceCandidate
{
    /// <param name="chunk">The retrieved chunk it came from.</param>
    /// <param name="chunkRank">Rank (0 = best) of the chunk in the retrieval results.</param>
    /// <param name="index">Position among the chunk's units.</param>
    /// <param name="analysis">The chunk's analysis.</param>
    /// <param name="unit">The unit's analysis (one of <paramref name="analysis"/>'s units).</param>
    /// <param name="previous">The unit before it in the same chunk and section (null at the chunk's start or after a heading).</param>
    internal SentenceCandidate(RetrievedChunk chunk, int chunkRank, int index, ChunkAnalysis analysis, UnitAnalysis unit, SentenceCandidate? previous)
    {
        Chunk = chunk;
        ChunkRank = chunkRank;
        Index = index;
        ChunkAnalysis = analysis;
        Unit = unit;
        Start = chunk.Start + unit.Spec.Start;
        End = Start + unit.Text.Length;
        Text = unit.Text;
        Terms = unit.Spec.Terms;
        Previous = previous;
        TermSet = unit.TermSet;
        LowerWords = unit.LowerWords;
        DisplayText = unit.Spec.DisplayText;
    }

    public RetrievedChunk Chunk { get; }

    public int ChunkRank { get; }

    public int Index { get; }

    /// <summary>Offset of the unit in the document's normalised text.</summary>
    public int Start { get; }

    public int End { get; }

    /// <summary>The unit exactly as in the document: what a citation quotes.</summary>
    public string Text { get; }

    /// <summary>The unit's analysed terms (keyword analyzer), in order; for a table row, a key–value line or code, the terms of its context (header cells, heading, the sentence introducing the code) come first.</summary>
    public IReadOnlyList<string> Terms { get; }

    public SentenceCandidate? Previous { get; }

    /// <summary>The unit after it in the same chunk and section; set while candidates are built.</summary>
    public SentenceCandidate? Next { get; internal set; }

    /// <summary>
    /// The distinct analysed terms, and the parts of the identifiers the unit writes (<c>broker.heartbeat_ms</c> mentions
    /// a heartbeat, <see cref="AnswerTerms.IdentifierParts"/>): what counts as mentioned by it.
    /// </summary>
    public IReadOnlySet<string> TermSet { get; }

    /// <summary>The unit's own words, lower case, as written.</summary>
    public IReadOnlySet<string> LowerWords { get; }

    /// <summary>The analysis of the candidate's chunk (shared across questions: never changed).</summary>
    internal ChunkAnalysis ChunkAnalysis { get; }

    /// <summary>The analysis of the candidate's own text (shared across questions: never changed).</summary>
    internal UnitAnalysis Unit { get; }

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
    public string DisplayText { get; init; }

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
    public static IReadOnlyList<SentenceCandidate> From(IReadOnlyList<RetrievedChunk> chunks) => From(chunks, null);

    /// <summary>As <see cref="From(IReadOnlyList{RetrievedChunk})"/>, the chunks' analyses taken from <paramref name="analyses"/> (null: analysed here).</summary>
    public static IReadOnlyList<SentenceCandidate> From(IReadOnlyList<RetrievedChunk> chunks, ChunkAnalyses? analyses)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var result = new List<SentenceCandidate>();
        var seen = new HashSet<(string, int)>();
        for (var rank = 0; rank < chunks.Count; rank++)
        {
            var chunk = chunks[rank];
            var analysis = analyses?.Of(chunk) ?? ChunkAnalysis.Of(chunk);
            var built = new SentenceCandidate[analysis.Units.Count];
            for (var index = 0; index < built.Length; index++)
            {
                var unit = analysis.Units[index];
                var spec = unit.Spec;
                var candidate = new SentenceCandidate(chunk, rank, index, analysis, unit, unit.Previous >= 0 ? built[unit.Previous] : null)
                {
                    Quotable = spec.Quotable,
                    Kind = spec.Kind,
                    HeadingPath = spec.HeadingPath,
                    Context = spec.Context,
                    ContextTerms = spec.ContextTerms,
                    DisplayText = spec.DisplayText,
                    CodeStart = spec.CodeStart,
                };
                if (candidate.Previous is { } previous)
                {
                    previous.Next = candidate;
                }

                built[index] = candidate;
                if (spec.Quotable && seen.Add((chunk.DocumentId.Value, candidate.Start)))
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
