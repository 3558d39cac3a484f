using Briefer.Core.Retrieval;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Answering;

/// <summary>A candidate sentence with the ranker's score.</summary>
public sealed record RankedSentence(SentenceCandidate Candidate, float Score, float[] Features);

/// <summary>
/// What the answer models decided for a question: the candidate sentences best first, whether the best one answers
/// the question, and if not, why.
/// </summary>
/// <param name="Answerable">The answerability model's probability that the best sentence answers the question.</param>
/// <param name="AbstainReason">Why Briefer abstains, in words a user understands; null when it answers.</param>
public sealed record AnswerSelection(
    QuestionAnalysis Question,
    IReadOnlyList<RankedSentence> Ranked,
    double Answerable,
    string? AbstainReason)
{
    /// <summary>The estimated probability that the answer (the best sentence first) is right (<see cref="AnswerCalibration"/>); null without candidates.</summary>
    public double? Confidence { get; init; }

    /// <summary>Whether Briefer should say the documents do not cover the question.</summary>
    public bool Abstain => AbstainReason is not null;
}

/// <summary>
/// The answering decision both answer modes share: understands the question, ranks the retrieved chunks' sentences
/// by how well they answer it, and decides whether the best of them does (the learned <see cref="AnswerModel"/>),
/// with a reason when it does not.
/// </summary>
public sealed class AnswerSelector
{
    private readonly AnswerOptions _options;
    private readonly AnswerFeaturizer _featurizer;
    private readonly Lazy<AnswerModel> _model;

    /// <summary>Uses the shipped model, loaded on first use; analyses each question's chunks afresh.</summary>
    public AnswerSelector(IOptions<AnswerOptions> options, SentenceSemantics semantics)
        : this(options, semantics, model: null)
    {
    }

    /// <summary>Uses the shipped model, loaded on first use, and keeps chunks' analyses in <paramref name="analyses"/>.</summary>
    public AnswerSelector(IOptions<AnswerOptions> options, SentenceSemantics semantics, ChunkAnalyses analyses)
        : this(options, semantics, null, analyses)
    {
    }

    /// <param name="semantics">The sentence-level semantic features; null leaves them out (tests of composition only: the model then answers less well).</param>
    /// <param name="model">The answer model; null: the shipped one.</param>
    /// <param name="analyses">The chunks' analyses kept across questions; null analyses each question's chunks afresh (the same features).</param>
    public AnswerSelector(IOptions<AnswerOptions> options, SentenceSemantics? semantics, AnswerModel? model, ChunkAnalyses? analyses = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _featurizer = new AnswerFeaturizer(semantics, analyses);
        _model = model is null ? new Lazy<AnswerModel>(() => AnswerModel.Shipped) : new Lazy<AnswerModel>(model);
    }

    /// <summary>The model in use.</summary>
    public AnswerModel Model => _model.Value;

    /// <summary>Ranks the sentences of <paramref name="evidence"/> for <paramref name="question"/> and decides whether to answer.</summary>
    public async Task<AnswerSelection> SelectAsync(string question, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(evidence);
        var featurized = await _featurizer.FeaturizeAsync(question, [.. evidence.Take(_options.AnswerChunks)], cancellationToken).ConfigureAwait(false);
        var analysis = featurized.Analysis;
        var features = featurized.Features;
        if (featurized.Candidates.Count == 0)
        {
            return new AnswerSelection(analysis, [], 0, AbstainReasons.NothingMatches);
        }

        var rows = featurized.Rows;
        var scores = Model.Rank(rows);
        var ranked = features.Candidates
            .Select((c, i) => new RankedSentence(c, scores[i], rows[i]))
            .OrderByDescending(r => r.Score)
            .ToList();
        var best = AnswerModel.ArgMax(scores);
        var questionRow = featurized.QuestionRow(scores, best);
        var answerable = Model.Answerable(questionRow);
        var threshold = _options.AnswerableThreshold ?? Model.Info.AnswerableThreshold;
        var reason = answerable >= threshold ? null : AbstainReasons.Explain(analysis, features, ranked[0]);
        if (reason is null && _options.AbstainOnMissingKeyTerm)
        {
            reason = AbstainReasons.MissingKeyTerm(analysis, features);
        }

        if (reason is null && _options.AbstainOnMissingAnswerType)
        {
            reason = AbstainReasons.MissingAnswerType(analysis, ranked);
        }

        return new AnswerSelection(analysis, ranked, answerable, reason) { Confidence = Model.Confidence(questionRow, answerable) };
    }
}
