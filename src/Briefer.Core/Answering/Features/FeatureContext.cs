using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// One candidate of one question as the candidate features see it: the question's featurizer state, the candidate,
/// and the values several features share (its window of neighbours, its chunk's and title's terms, its answer-type
/// evidence), each computed once on first use.
/// </summary>
public sealed class CandidateContext
{
    private AnswerTypeEvidence? _evidence;
    private float[]? _semantic;

    internal CandidateContext(AnswerFeatures features, int index)
    {
        Features = features;
        Index = index;
        Candidate = features.Candidates[index];
    }

    /// <summary>The question's featurizer (its analysis, term weights and all candidates).</summary>
    public AnswerFeatures Features { get; }

    /// <summary>The question's analysis.</summary>
    public QuestionAnalysis Question => Features.Question;

    /// <summary>The candidate's index among <see cref="AnswerFeatures.Candidates"/>.</summary>
    public int Index { get; }

    /// <summary>The candidate.</summary>
    public SentenceCandidate Candidate { get; }

    /// <summary>The candidate's chunk.</summary>
    public RetrievedChunk Chunk => Candidate.Chunk;

    /// <summary>The candidate's coverage of the question (<see cref="AnswerFeatures.Coverage"/>).</summary>
    public double Coverage => Features.CoverageAt(Index);

    /// <summary>The terms of the candidate and its neighbours in the chunk.</summary>
    public IReadOnlySet<string> Window => Candidate.Unit.Window;

    /// <summary>The lower-cased words of the candidate and its neighbours.</summary>
    public IReadOnlySet<string> WindowWords => Candidate.Unit.WindowWords;

    /// <summary>The terms of the candidate's document title.</summary>
    public IReadOnlySet<string> Title => Features.TitleTerms(Chunk);

    /// <summary>The terms of the candidate's chunk.</summary>
    public IReadOnlySet<string> ChunkTerms => Features.ChunkTerms(Chunk);

    /// <summary>The terms of the candidate's chunk and title.</summary>
    public IReadOnlySet<string> DocumentTerms => Features.DocumentTerms(Chunk);

    /// <summary>What kinds of answer the candidate holds (dates, numbers, names, reasons…).</summary>
    public AnswerTypeEvidence Evidence => _evidence ??= Features.EvidenceOf(Candidate);

    /// <summary>The structural block the candidate lies in (null when its chunk has none).</summary>
    public TextBlock? Block => Candidate.Unit.Block;

    /// <summary>The text of the candidate's neighbours and itself, with its heading path.</summary>
    public string WindowText => Candidate.Unit.WindowText;

    /// <summary>The semantic features (<see cref="SentenceSemantics.Names"/>); zeros when they were not computed.</summary>
    public float[] Semantic => _semantic ??= Features.SemanticOf(Candidate);
}

/// <summary>
/// One question as the question features see it: its featurizer, the ranker's scores of its candidates and the best
/// candidate's index (-1 when there is none). Built over the featurizer (serving, fresh training rows) or over a
/// question's <see cref="QuestionFacts"/> and candidate rows (cached training rows), where only the features that
/// read the ranking are computed and <see cref="Features"/> is not there.
/// </summary>
public sealed class QuestionContext
{
    private readonly AnswerFeatures? _features;
    private readonly QuestionFacts? _facts;
    private readonly IReadOnlyList<float[]>? _rows;
    private HashSet<string>? _all;

    internal QuestionContext(AnswerFeatures features, IReadOnlyList<float> scores, int best)
        : this(scores, best)
    {
        _features = features;
    }

    internal QuestionContext(QuestionFacts facts, IReadOnlyList<float[]> rows, IReadOnlyList<float> scores, int best)
        : this(scores, best)
    {
        _facts = facts;
        _rows = rows;
    }

    private QuestionContext(IReadOnlyList<float> scores, int best)
    {
        Scores = scores;
        Best = best;
        Ordered = [.. scores.OrderDescending()];
        Top3 = [.. Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).Take(3)];
    }

    /// <summary>The question's featurizer (only for features that do not read the ranking).</summary>
    public AnswerFeatures Features => _features ?? throw new InvalidOperationException("A question feature that reads the ranking read the featurizer; it must read the context's ranking members only.");

    /// <summary>The ranking scores, by candidate index.</summary>
    public IReadOnlyList<float> Scores { get; }

    /// <summary>The best candidate's index, or -1.</summary>
    public int Best { get; }

    /// <summary>The scores, highest first.</summary>
    public IReadOnlyList<float> Ordered { get; }

    /// <summary>The indices of the three best-scored candidates.</summary>
    public IReadOnlyList<int> Top3 { get; }

    /// <summary>The best coverage of any candidate (0 with none).</summary>
    public double MaxCoverage => _features?.MaxCoverage ?? _facts!.MaxCoverage;

    /// <summary>Candidate <paramref name="index"/>'s coverage of the question's terms.</summary>
    public double CoverageAt(int index) => _features?.CoverageAt(index) ?? _facts!.Coverage[index];

    /// <summary>Candidate <paramref name="index"/>'s value of the candidate feature at <paramref name="feature"/>.</summary>
    public float CandidateValue(int index, int feature) => _features?.Value(index, feature) ?? _rows![index][feature];

    /// <summary>Every term of every retrieved chunk and title.</summary>
    public HashSet<string> AllTerms
    {
        get
        {
            if (_all is null)
            {
                _all = new HashSet<string>(StringComparer.Ordinal);
                foreach (var c in Features.Candidates)
                {
                    _all.UnionWith(Features.ChunkTerms(c.Chunk));
                    _all.UnionWith(Features.TitleTerms(c.Chunk));
                }
            }

            return _all;
        }
    }
}
