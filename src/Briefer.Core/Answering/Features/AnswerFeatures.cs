using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>
/// The featurizer of one question over its candidates: the state the feature tables (<see cref="FeatureTable"/>) read
/// (term weights, coverage, term caches) and the rows they produce, one per candidate (how well it answers) and one
/// for the question (whether the best candidate answers at all). Serving and training both compute features here
/// (through <see cref="AnswerFeaturizer"/>), so a model always sees what it was trained on.
/// </summary>
public sealed class AnswerFeatures
{
    /// <summary>The names of the candidate features, in vector order.</summary>
    public static IReadOnlyList<string> CandidateNames { get; } = [.. FeatureTable.Candidate.Select(f => f.Name)];

    /// <summary>The position of "type_asked" (the candidate holds the asked-for kind of answer) in a candidate row.</summary>
    public static int TypeAskedIndex { get; } = CandidateNames.ToList().IndexOf("type_asked");

    /// <summary>The names of the question (answerability) features, in vector order; the best candidate's features follow them.</summary>
    public static IReadOnlyList<string> QuestionNames { get; } = [.. FeatureTable.Question.Select(f => f.Name)];

    /// <summary>The feature names by group, for ablation: each candidate and question feature belongs to one group.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Groups { get; } =
        FeatureTable.Candidate.Select(f => (f.Group, f.Name)).Concat(FeatureTable.Question.Select(f => (f.Group, f.Name)))
            .GroupBy(f => f.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(f => f.Name)], StringComparer.Ordinal);

    private readonly Dictionary<(DocumentId, int), ChunkAnalysis> _chunks = [];
    private readonly double[] _coverage;
    private readonly Func<SentenceCandidate, float[]>? _semantic;
    private readonly Dictionary<int, CandidateContext> _contexts = [];
    private DocumentationContext? _documentation;
    private IReadOnlyList<string>? _focus;
    private bool _focusKnown;
    private PageContext? _pages;

    private AnswerFeatures(QuestionAnalysis question, IReadOnlyList<SentenceCandidate> candidates, Func<SentenceCandidate, float[]>? semantic)
    {
        _semantic = semantic;
        Question = question;
        Candidates = candidates;
        foreach (var c in candidates)
        {
            _chunks.TryAdd((c.Chunk.DocumentId, c.Chunk.ChunkIndex), c.ChunkAnalysis);
        }

        var n = candidates.Count;
        Weights = question.ContentTerms.ToDictionary(
            t => t,
            t => Math.Log(1 + ((n + 1.0) / (candidates.Count(c => c.TermSet.Contains(t)) + 0.5))),
            StringComparer.Ordinal);
        TotalWeight = Weights.Values.Sum();
        MaxWeight = Weights.Count == 0 ? 1 : Weights.Values.Max();
        QuestionLower = TextWords.Split(question.Question).Select(w => w.Text.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        _coverage = [.. candidates.Select(c => Coverage(c.TermSet))];
        MaxCoverage = _coverage.Length == 0 ? 0 : _coverage.Max();
        MaxKeyword = candidates.Select(c => c.Chunk.KeywordScore ?? 0).DefaultIfEmpty(0).Max();
        MaxFused = candidates.Select(c => c.Chunk.Score).DefaultIfEmpty(0).Max();
        TopDocument = candidates.Count > 0 ? candidates.MinBy(x => x.ChunkRank)!.Chunk.DocumentId : null;
        Names = [.. question.Of(ConstraintKind.Name)];
        Numbers = [.. question.Of(ConstraintKind.Number)];
        Comparisons = [.. question.Of(ConstraintKind.Comparison)];
        Content = [.. question.Of(ConstraintKind.Content)];
        Negated = question.Of(ConstraintKind.Negation).Any();
    }

    /// <summary>The question's analysis.</summary>
    public QuestionAnalysis Question { get; }

    /// <summary>The candidate sentences, in the order of <see cref="Candidate"/>'s index.</summary>
    public IReadOnlyList<SentenceCandidate> Candidates { get; }

    /// <summary>The question's content terms with their IDF weights over the candidates.</summary>
    internal Dictionary<string, double> Weights { get; }

    internal double TotalWeight { get; }

    internal double MaxWeight { get; }

    /// <summary>The question's words, lower-cased.</summary>
    internal HashSet<string> QuestionLower { get; }

    /// <summary>The best coverage of any candidate (0 with none).</summary>
    internal double MaxCoverage { get; }

    internal double MaxKeyword { get; }

    internal double MaxFused { get; }

    /// <summary>The document of the best-ranked chunk.</summary>
    internal DocumentId? TopDocument { get; }

    internal IReadOnlyList<KeyConstraint> Names { get; }

    internal IReadOnlyList<KeyConstraint> Numbers { get; }

    internal IReadOnlyList<KeyConstraint> Comparisons { get; }

    internal IReadOnlyList<KeyConstraint> Content { get; }

    internal bool Negated { get; }

    /// <summary>Builds the features of <paramref name="question"/> over <paramref name="chunks"/>.</summary>
    /// <param name="semantic">The semantic features of a candidate (<see cref="SentenceSemantics"/>); null leaves them 0.</param>
    public static AnswerFeatures Build(QuestionAnalysis question, IReadOnlyList<RetrievedChunk> chunks, Func<SentenceCandidate, float[]>? semantic = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(chunks);
        return new AnswerFeatures(question, SentenceCandidates.From(chunks), semantic);
    }

    /// <summary>Builds the features of <paramref name="question"/> over candidates already split.</summary>
    public static AnswerFeatures Build(QuestionAnalysis question, IReadOnlyList<SentenceCandidate> candidates, Func<SentenceCandidate, float[]>? semantic)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(candidates);
        return new AnswerFeatures(question, candidates, semantic);
    }

    /// <summary>The IDF-weighted share of the question's content terms in <paramref name="terms"/>, 0..1.</summary>
    public double Coverage(IReadOnlySet<string> terms) =>
        TotalWeight <= 0 ? 0 : Weights.Where(w => terms.Contains(w.Key)).Sum(w => w.Value) / TotalWeight;

    /// <summary>Whether <paramref name="candidate"/> holds the specific kind of answer asked for (a date for "when", a reason for "why"…).</summary>
    public bool HoldsAskedType(SentenceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Question.AnswerType is not (AnswerType.Description or AnswerType.Entity)
            && EvidenceOf(candidate).For(Question.AnswerType) > 0;
    }

    /// <summary>The features of candidate <paramref name="index"/>, in <see cref="CandidateNames"/> order.</summary>
    public float[] Candidate(int index)
    {
        var context = ContextOf(index);
        var table = FeatureTable.Candidate;
        var row = new float[table.Count];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = table[i].Compute(context);
        }

        return row;
    }

    /// <summary>One feature of candidate <paramref name="index"/>, by its position in the candidate table.</summary>
    public float Value(int index, int feature) => FeatureTable.Candidate[feature].Compute(ContextOf(index));

    /// <summary>
    /// The question features for the answerability model, given the candidates' ranking scores and the best one's
    /// index (-1: none); the best candidate's own features follow (so the model sees what the best evidence lacks).
    /// </summary>
    public float[] QuestionRow(IReadOnlyList<float> scores, int best, float[] bestFeatures)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(bestFeatures);
        var context = new QuestionContext(this, scores, best);
        return [.. FeatureTable.Question.Select(f => f.Compute(context)), .. bestFeatures];
    }

    /// <summary>
    /// What the question row needs of this question besides the ranking: the values of the question features that do
    /// not read it, and every candidate's coverage; with the candidate rows, <see cref="QuestionRow(QuestionFacts, IReadOnlyList{float[]}, IReadOnlyList{float}, int)"/>
    /// gives the same row as <see cref="QuestionRow(IReadOnlyList{float}, int, float[])"/> for any scores.
    /// </summary>
    public QuestionFacts Facts()
    {
        var context = new QuestionContext(this, [], -1);
        return new QuestionFacts([.. FeatureTable.Question.Select(f => f.ReadsRanking ? 0 : f.Compute(context))], [.. _coverage], MaxCoverage);
    }

    /// <summary>The question row from a question's <paramref name="facts"/> and candidate <paramref name="rows"/>, given the ranking.</summary>
    public static float[] QuestionRow(QuestionFacts facts, IReadOnlyList<float[]> rows, IReadOnlyList<float> scores, int best)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(scores);
        var context = new QuestionContext(facts, rows, scores, best);
        var table = FeatureTable.Question;
        return [.. table.Select((f, i) => f.ReadsRanking ? f.Compute(context) : facts.Fixed[i]), .. best < 0 ? new float[CandidateNames.Count] : rows[best]];
    }

    /// <summary>What the documentation features share for this question.</summary>
    internal DocumentationContext Documentation => _documentation ??= new DocumentationContext(this);

    /// <summary>What the page and relative features share for this question.</summary>
    internal PageContext Pages => _pages ??= new PageContext(this);

    internal double CoverageAt(int index) => _coverage[index];

    /// <summary>How many candidates cover the question better than candidate <paramref name="index"/>.</summary>
    internal int CoverageRank(int index) => _coverage.Count(x => x > _coverage[index]);

    internal float[] SemanticOf(SentenceCandidate candidate) => _semantic?.Invoke(candidate) ?? new float[SentenceSemantics.Names.Count];

    /// <summary>The answer-type evidence of <paramref name="candidate"/> for this question (<see cref="AnswerTypeDetector.Detect"/>).</summary>
    internal AnswerTypeEvidence EvidenceOf(SentenceCandidate candidate) => candidate.Unit.AnswerWords.For(QuestionLower);

    /// <summary>The terms of <paramref name="chunk"/>'s document title.</summary>
    internal IReadOnlySet<string> TitleTerms(RetrievedChunk chunk) => _chunks[(chunk.DocumentId, chunk.ChunkIndex)].TitleTerms;

    /// <summary>The terms of <paramref name="chunk"/>'s text.</summary>
    internal IReadOnlySet<string> ChunkTerms(RetrievedChunk chunk) => _chunks[(chunk.DocumentId, chunk.ChunkIndex)].Terms;

    /// <summary>The terms of <paramref name="chunk"/>'s text and title.</summary>
    internal IReadOnlySet<string> DocumentTerms(RetrievedChunk chunk) => _chunks[(chunk.DocumentId, chunk.ChunkIndex)].DocumentTerms;

    /// <summary>The terms of the question's focus noun (<see cref="QuestionAnalysis.Focus"/>); null without one.</summary>
    internal IReadOnlyList<string>? FocusTerms => _focusKnown ? _focus : FindFocus();

    private IReadOnlyList<string>? FindFocus()
    {
        _focus = Question.Focus is { } focus ? AnswerTerms.Analyze(focus) : null;
        _focusKnown = true;
        return _focus;
    }

    private CandidateContext ContextOf(int index)
    {
        if (!_contexts.TryGetValue(index, out var context))
        {
            context = new CandidateContext(this, index);
            _contexts[index] = context;
        }

        return context;
    }

    private static readonly HashSet<string> References = new(
        ["he", "she", "they", "it", "this", "that", "these", "those", "his", "her", "their", "its", "him", "them", "such", "there"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a sentence opens with a word that points back to an earlier one ("He had been held…").</summary>
    public static bool OpensWithReference(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var words = TextWords.Split(sentence);
        return words.Count > 0 && (References.Contains(words[0].Text)
            || (words.Count > 1 && words[0].Text.Equals("the", StringComparison.OrdinalIgnoreCase) && words[1].Text is "group" or "company" or "agency" or "organisation" or "organization" or "official" or "city" or "country" or "government" or "move" or "decision"));
    }
}
