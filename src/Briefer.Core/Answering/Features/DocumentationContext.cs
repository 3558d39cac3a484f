using Briefer.Core.Documents;

namespace Briefer.Core.Answering;

/// <summary>
/// What the documentation features share for one question: the kind of unit it asks for, its identifiers and versions,
/// every token and version of the retrieved passages (titles and heading paths included), and the section of the
/// candidate that covers the question best (its subject's section).
/// </summary>
internal sealed class DocumentationContext
{
    private readonly AnswerFeatures _features;
    private HashSet<string>? _allTokens;
    private HashSet<string>? _allVersions;
    private string? _subjectSection;
    private bool _subjectKnown;

    public DocumentationContext(AnswerFeatures features)
    {
        _features = features;
        var question = features.Question.Question;
        Asked = DocumentationShapes.Asked(question);
        Identifiers = DocumentationShapes.Identifiers(question);
        Versions = DocumentationShapes.Versions(question);
    }

    public AskedKind Asked { get; }

    /// <summary>The question's identifiers (flags, option paths…), normalized.</summary>
    public IReadOnlyList<string> Identifiers { get; }

    /// <summary>The question's versions and years.</summary>
    public IReadOnlyList<string> Versions { get; }

    /// <summary>Every token of the retrieved chunks, their titles and heading paths.</summary>
    public HashSet<string> AllTokens => _allTokens ??= Collect(DocumentationShapes.Tokens);

    /// <summary>Every version and year of the retrieved chunks, their titles and heading paths.</summary>
    public HashSet<string> AllVersions => _allVersions ??= Collect(DocumentationShapes.Versions);

    /// <summary>The heading path of the best-covering candidate's block (null when it has none).</summary>
    public string? SubjectSection
    {
        get
        {
            if (!_subjectKnown)
            {
                var candidates = _features.Candidates;
                var best = Enumerable.Range(0, candidates.Count).OrderByDescending(_features.CoverageAt).ThenBy(i => candidates[i].ChunkRank).FirstOrDefault(-1);
                _subjectSection = best < 0 ? null : SectionOf(candidates[best]);
                _subjectKnown = true;
            }

            return _subjectSection;
        }
    }

    /// <summary>The block <paramref name="candidate"/> lies in, or null.</summary>
    public static TextBlock? BlockOf(SentenceCandidate candidate) => candidate.Unit.Block;

    /// <summary>The heading path of the block <paramref name="candidate"/> lies in; null when there is none.</summary>
    public static string? SectionOf(SentenceCandidate candidate) => candidate.Unit.Section;

    private HashSet<string> Collect(Func<string, IEnumerable<string>> of)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in _features.Candidates.Select(c => c.Chunk).Distinct())
        {
            set.UnionWith(of(chunk.Text));
            set.UnionWith(of(chunk.Title));
            foreach (var path in chunk.Blocks.Select(b => b.HeadingPath).Distinct(StringComparer.Ordinal))
            {
                set.UnionWith(of(path));
            }
        }

        return set;
    }
}
