using Briefer.Core.Retrieval;

namespace Briefer.Core.Answering;

/// <summary>A question featurized over its evidence: its analysis, candidates and their rows.</summary>
/// <param name="Features">The featurizer state (candidates, coverage, question rows).</param>
/// <param name="Rows">One feature row per candidate, in <see cref="AnswerFeatures.CandidateNames"/> order.</param>
public sealed record FeaturizedQuestion(AnswerFeatures Features, IReadOnlyList<float[]> Rows)
{
    /// <summary>The question's analysis.</summary>
    public QuestionAnalysis Analysis => Features.Question;

    /// <summary>The candidates, in row order.</summary>
    public IReadOnlyList<SentenceCandidate> Candidates => Features.Candidates;

    /// <summary>The answerability row, given the ranking scores and the best candidate (-1: none, its features then zeros).</summary>
    public float[] QuestionRow(IReadOnlyList<float> scores, int best) =>
        Features.QuestionRow(scores, best, best < 0 ? new float[AnswerFeatures.CandidateNames.Count] : Rows[best]);
}

/// <summary>
/// The one way features are computed, for serving (<see cref="AnswerSelector"/>) and for training sets alike: the
/// question is analysed, the evidence split into candidates, the lexical features computed, the shortlist chosen by
/// them run through the embedding model for the semantic ones, and every candidate's row built.
/// </summary>
/// <param name="semantics">The sentence-level semantic features; null leaves them zero.</param>
/// <param name="analyses">The chunks' analyses kept across questions; null analyses every chunk for each question (the same values).</param>
public sealed class AnswerFeaturizer(SentenceSemantics? semantics, ChunkAnalyses? analyses = null)
{
    /// <summary>Featurizes <paramref name="question"/> over <paramref name="evidence"/> (every chunk given is read).</summary>
    public async Task<FeaturizedQuestion> FeaturizeAsync(string question, IReadOnlyList<RetrievedChunk> evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(evidence);
        var analysis = QuestionAnalyzer.Analyze(question);
        var candidates = SentenceCandidates.From(evidence, analyses);
        var lexical = AnswerFeatures.Build(analysis, candidates, null);
        var semantic = semantics is null || candidates.Count == 0
            ? null
            : await semantics.PrepareAsync(analysis, candidates, c => lexical.Coverage(c.TermSet), cancellationToken, lexical.HoldsAskedType).ConfigureAwait(false);
        var features = AnswerFeatures.Build(analysis, candidates, semantic);
        return new FeaturizedQuestion(features, [.. Enumerable.Range(0, candidates.Count).Select(features.Candidate)]);
    }
}
