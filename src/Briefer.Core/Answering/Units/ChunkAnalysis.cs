using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// What answering reads of one retrieved chunk that does not depend on the question: its answer units
/// (<see cref="UnitBuilder"/>) with their terms, words and answer-type words, the quotable units' neighbours, and the
/// terms of the chunk's text and title. A pure function of the chunk's text, title, start, location and blocks
/// (<see cref="Fits"/>), so it can be kept across questions (<see cref="ChunkAnalyses"/>) and every feature computed from
/// it has the value it would have had from the text itself.
/// </summary>
internal sealed class ChunkAnalysis
{
    private readonly string _text;
    private readonly string _title;
    private readonly int _start;
    private readonly string? _location;
    private readonly IReadOnlyList<TextBlock> _blocks;

    private ChunkAnalysis(RetrievedChunk chunk)
    {
        _text = chunk.Text;
        _title = chunk.Title;
        _start = chunk.Start;
        _location = chunk.Location;
        _blocks = chunk.Blocks;
        var units = new List<UnitAnalysis>();
        var previous = -1;
        foreach (var spec in UnitBuilder.Units(chunk))
        {
            // Neighbours as quoted: a quotable unit follows the quotable unit before it; a heading or fragment breaks the chain.
            var unit = new UnitAnalysis(chunk, spec, spec.Quotable ? previous : -1);
            if (unit.Previous >= 0)
            {
                units[unit.Previous].Next = units.Count;
            }

            previous = spec.Quotable ? units.Count : -1;
            units.Add(unit);
        }

        foreach (var unit in units)
        {
            unit.Link(units);
        }

        Units = units;
        Terms = AnswerTerms.Analyze(chunk.Text).ToHashSet(StringComparer.Ordinal);
        TitleTerms = AnswerTerms.Analyze(chunk.Title).ToHashSet(StringComparer.Ordinal);
        DocumentTerms = new HashSet<string>(Terms.Concat(TitleTerms));
    }

    /// <summary>The chunk's answer units in order, headings and fragments included.</summary>
    public IReadOnlyList<UnitAnalysis> Units { get; }

    /// <summary>The analysed terms of the chunk's text.</summary>
    public IReadOnlySet<string> Terms { get; }

    /// <summary>The analysed terms of the chunk's document title.</summary>
    public IReadOnlySet<string> TitleTerms { get; }

    /// <summary>The terms of the chunk's text and title.</summary>
    public IReadOnlySet<string> DocumentTerms { get; }

    /// <summary>Analyses <paramref name="chunk"/>.</summary>
    public static ChunkAnalysis Of(RetrievedChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ChunkAnalysis(chunk);
    }

    /// <summary>Whether this is the analysis of <paramref name="chunk"/>: the same text, title, start, location and blocks.</summary>
    public bool Fits(RetrievedChunk chunk) =>
        chunk.Start == _start
        && string.Equals(chunk.Text, _text, StringComparison.Ordinal)
        && string.Equals(chunk.Title, _title, StringComparison.Ordinal)
        && string.Equals(chunk.Location, _location, StringComparison.Ordinal)
        && (ReferenceEquals(chunk.Blocks, _blocks) || chunk.Blocks.SequenceEqual(_blocks));

    /// <summary>Roughly how many characters the analysis keeps (its text and the units' texts), for the cache's statistics.</summary>
    public int Characters => _text.Length + Units.Sum(u => u.Text.Length);
}
