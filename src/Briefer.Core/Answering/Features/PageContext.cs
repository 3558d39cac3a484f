using Briefer.Core.Documents;

namespace Briefer.Core.Answering;

/// <summary>
/// What the page and relative features share for one question, computed once over all its candidates: per page
/// (document) how many retrieved chunks it has, its best retrieval rank, how well its retrieved text and its title
/// cover the question; per candidate its heading coverage and semantic scores, with the best of each over all
/// candidates, so a unit can be measured against the other candidates of the same question.
/// </summary>
internal sealed class PageContext
{
    private readonly Dictionary<DocumentId, Page> _pages = [];
    private readonly double[] _heading;
    private readonly float[][] _semantic;

    public PageContext(AnswerFeatures features)
    {
        var candidates = features.Candidates;
        foreach (var group in candidates.Select(c => c.Chunk).Distinct().GroupBy(c => c.DocumentId))
        {
            var chunks = group.ToList();
            var terms = new HashSet<string>(features.TitleTerms(chunks[0]), StringComparer.Ordinal);
            foreach (var chunk in chunks)
            {
                terms.UnionWith(features.ChunkTerms(chunk));
            }

            var ranks = candidates.Where(c => c.Chunk.DocumentId == group.Key).Select(c => c.ChunkRank);
            _pages[group.Key] = new Page(chunks.Select(c => c.ChunkIndex).Distinct().Count(), ranks.Min(), features.Coverage(terms), features.Coverage(features.TitleTerms(chunks[0])));
        }

        MaxPageCoverage = _pages.Values.Select(p => p.Coverage).DefaultIfEmpty(0).Max();
        MaxTitleCoverage = _pages.Values.Select(p => p.TitleCoverage).DefaultIfEmpty(0).Max();
        _heading = [.. candidates.Select(c => c.Unit.PageHeadingTerms is { } terms ? features.Coverage(terms) : 0)];
        MaxHeadingCoverage = _heading.DefaultIfEmpty(0).Max();
        _semantic = [.. candidates.Select(features.SemanticOf)];
        var computed = _semantic.Where(s => s.Length > 0 && s[^1] > 0).ToList();
        MaxSemantic = [.. Enumerable.Range(0, SentenceSemantics.Names.Count - 1).Select(i => computed.Count == 0 ? 0f : computed.Max(s => s[i]))];
    }

    public double MaxPageCoverage { get; }

    public double MaxTitleCoverage { get; }

    public double MaxHeadingCoverage { get; }

    /// <summary>The best value of each semantic feature (the computed flag excluded) over the candidates that have them.</summary>
    public IReadOnlyList<float> MaxSemantic { get; }

    /// <summary>The page of <paramref name="candidate"/>.</summary>
    public Page Of(SentenceCandidate candidate) => _pages[candidate.Chunk.DocumentId];

    /// <summary>The coverage of the question by candidate <paramref name="index"/>'s heading path (0 without one).</summary>
    public double HeadingAt(int index) => _heading[index];

    /// <summary>Candidate <paramref name="index"/>'s semantic feature <paramref name="feature"/> less the best, or −1 when it has none.</summary>
    public float SemanticGap(int index, int feature) =>
        _semantic[index] is { Length: > 0 } s && s[^1] > 0 ? s[feature] - MaxSemantic[feature] : -1;

    /// <summary>One retrieved page: its chunk count, best chunk rank, and the question's coverage by its text and by its title.</summary>
    internal sealed record Page(int Chunks, int BestRank, double Coverage, double TitleCoverage);
}
