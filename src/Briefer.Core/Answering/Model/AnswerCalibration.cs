using Microsoft.ML;

namespace Briefer.Core.Answering;

/// <summary>
/// What a trained model records about its answer confidence: the inputs the combined score reads (by name, checked at
/// load like the features), the isotonic map from that score to the estimated probability that the answer is right,
/// the automatic threshold chosen on held-out predictions, and the operating points it was chosen from.
/// </summary>
/// <param name="Inputs">The combined score's inputs, in order (must equal <see cref="AnswerCalibration.InputNames"/>).</param>
/// <param name="ScoreKnots">The isotonic map's knots: combined scores, ascending.</param>
/// <param name="ConfidenceKnots">The isotonic map's knots: the share of right answers there, non-decreasing.</param>
/// <param name="AutoThreshold">
/// The lowest confidence at which, held out, at most <see cref="TargetWrong"/> of the answers posted over the
/// documentation sets were wrong (at it and at every threshold above it): the default of <c>AutoAnswer:MinConfidence</c>.
/// </param>
/// <param name="TargetWrong">The share of posted answers that may be wrong at <see cref="AutoThreshold"/>.</param>
/// <param name="OperatingPoints">Held-out figures per set and threshold (each set's confidences from a calibration that did not see the set).</param>
public sealed record ConfidenceCalibrationInfo(
    IReadOnlyList<string> Inputs,
    IReadOnlyList<double> ScoreKnots,
    IReadOnlyList<double> ConfidenceKnots,
    double AutoThreshold,
    double TargetWrong,
    IReadOnlyList<OperatingPoint> OperatingPoints)
{
    /// <summary>Which questions' out-of-fold predictions the shipped calibration was fitted on.</summary>
    public string FittedOn { get; init; } = string.Empty;

    /// <summary>The other calibration measured, and why it was not kept (its held-out threshold and posts).</summary>
    public string Compared { get; init; } = string.Empty;
}

/// <summary>What the automatic path would have done with a held-out set at one confidence threshold (each question counted once).</summary>
/// <param name="Set">The project, or <see cref="AnswerCalibration.DocumentationSets"/> for all documentation sets together.</param>
/// <param name="Posted">Answers given (not abstained) at or above the threshold.</param>
/// <param name="Wrong">Of those, answers whose first unit does not hold the answer, or given on an unanswerable question.</param>
/// <param name="Answerable">Answerable questions in the set.</param>
/// <param name="PostedRight">Answerable questions posted with the answer in the first unit.</param>
public sealed record OperatingPoint(string Set, double Threshold, int Posted, int Wrong, int Answerable, int PostedRight)
{
    public double WrongShare => Posted == 0 ? 0 : Wrong / (double)Posted;

    public double AnsweredShare => Answerable == 0 ? 0 : PostedRight / (double)Answerable;
}

/// <summary>
/// The answer confidence: an estimate of the probability that the answer Briefer gives is right (its first cited unit
/// holds the answer). A logistic regression combines the answerability probability with the ranker's top score, its
/// margin over the runner-up and what the best unit covers of the question; an isotonic map (pool-adjacent-violators)
/// turns that combined score into the share of right answers measured out of fold. It ranks nothing and decides no
/// abstention: <c>ask</c> answers exactly as before, and automatic answers compare it with <c>AutoAnswer:MinConfidence</c>.
/// </summary>
public sealed class AnswerCalibration
{
    /// <summary>The set name of all documentation sets together in <see cref="ConfidenceCalibrationInfo.OperatingPoints"/>.</summary>
    public const string DocumentationSets = "documentation sets";

    private const string CandidatePrefix = "best:";

    /// <summary>
    /// The inputs, in order: the answerability probability as a log-odds, then question-row features by name (a
    /// <c>best:</c> prefix reads the best candidate's part of the row): the ranker's top score and margin, how much of the
    /// question the best unit covers, the key terms it misses, and the rule signals (names or identifiers found nowhere).
    /// </summary>
    public static IReadOnlyList<string> InputNames { get; } =
        ["answerable_logit", "best_score", "score_gap", "best:cov", "best:content_missing", "best:names_missing", "ident_missing_anywhere", "best_is_max_cov"];

    private readonly int[] _columns;
    /// <summary>Builds the scorer now (see <see cref="AnswerModel.Warm"/>).</summary>
    internal void Warm() => Scorer.Warm();

    internal AnswerCalibration(MLContext ml, ITransformer combiner, ConfidenceCalibrationInfo info, IReadOnlyList<string> questionFeatures, IReadOnlyList<string> candidateFeatures)
        : this(new RowScorer(ml, combiner, InputNames.Count, "Probability"), info, questionFeatures, candidateFeatures)
    {
    }

    /// <param name="scorer">The combined score's model (a logistic regression over <see cref="InputNames"/>).</param>
    internal AnswerCalibration(IRowModel scorer, ConfidenceCalibrationInfo info, IReadOnlyList<string> questionFeatures, IReadOnlyList<string> candidateFeatures)
    {
        Scorer = scorer;
        Info = info;
        _columns = Columns(questionFeatures, candidateFeatures);
    }

    /// <summary>The combined score's scorer (a logistic regression over <see cref="InputNames"/>).</summary>
    internal IRowModel Scorer { get; }

    /// <summary>The calibration's record.</summary>
    public ConfidenceCalibrationInfo Info { get; }

    /// <summary>The estimated probability that the answer chosen for <paramref name="questionRow"/> is right.</summary>
    public double Confidence(float[] questionRow, double answerable)
    {
        ArgumentNullException.ThrowIfNull(questionRow);
        var score = Scorer.Score([Inputs(_columns, questionRow, answerable)])[0];
        return Map(Info.ScoreKnots, Info.ConfidenceKnots, score);
    }

    /// <summary>Why <paramref name="info"/> cannot serve this version, in one line; null when it can.</summary>
    public static string? Mismatch(ConfidenceCalibrationInfo? info)
    {
        if (info is null)
        {
            return "The answer model has no answer confidence calibration (it predates it; automatic answers need it); retrain it with 'briefer train answers'.";
        }

        if (!(info.Inputs ?? []).SequenceEqual(InputNames, StringComparer.Ordinal))
        {
            return $"The answer model's confidence reads [{string.Join(", ", info.Inputs ?? [])}], this version computes [{string.Join(", ", InputNames)}]; retrain it with 'briefer train answers'.";
        }

        var x = info.ScoreKnots ?? [];
        var y = info.ConfidenceKnots ?? [];
        if (x.Count == 0 || x.Count != y.Count || Enumerable.Range(1, x.Count - 1).Any(i => x[i] < x[i - 1] || y[i] < y[i - 1]))
        {
            return "The answer model's confidence map is not a non-decreasing list of knots; retrain it with 'briefer train answers'.";
        }

        return info.AutoThreshold is < 0 or > 1 ? "The answer model's automatic threshold is outside 0..1; retrain it with 'briefer train answers'." : null;
    }

    /// <summary>Where each named input sits in the question row (-1: the answerability log-odds).</summary>
    internal static int[] Columns(IReadOnlyList<string> questionFeatures, IReadOnlyList<string> candidateFeatures)
    {
        ArgumentNullException.ThrowIfNull(questionFeatures);
        ArgumentNullException.ThrowIfNull(candidateFeatures);
        return [.. InputNames.Select(name =>
        {
            if (name == InputNames[0])
            {
                return -1;
            }

            var candidate = name.StartsWith(CandidatePrefix, StringComparison.Ordinal);
            var list = candidate ? candidateFeatures : questionFeatures;
            var index = list.ToList().IndexOf(candidate ? name[CandidatePrefix.Length..] : name);
            return index < 0
                ? throw new InvalidDataException($"The answer confidence reads '{name}', which the model's features do not have; retrain it with 'briefer train answers'.")
                : (candidate ? questionFeatures.Count : 0) + index;
        })];
    }

    /// <summary>The combined score's input row.</summary>
    internal static float[] Inputs(int[] columns, float[] questionRow, double answerable)
    {
        var p = Math.Clamp(answerable, 1e-4, 1 - 1e-4);
        return [.. columns.Select(c => c < 0 ? (float)Math.Log(p / (1 - p)) : questionRow[c])];
    }

    /// <summary>The isotonic map: linear between knots, flat beyond the ends (so non-decreasing whenever the knots are).</summary>
    public static double Map(IReadOnlyList<double> scores, IReadOnlyList<double> confidences, double score)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(confidences);
        if (score <= scores[0])
        {
            return confidences[0];
        }

        for (var i = 1; i < scores.Count; i++)
        {
            if (score <= scores[i])
            {
                var span = scores[i] - scores[i - 1];
                return span <= 0 ? confidences[i] : confidences[i - 1] + ((score - scores[i - 1]) / span * (confidences[i] - confidences[i - 1]));
            }
        }

        return confidences[^1];
    }

    /// <summary>
    /// Pool-adjacent-violators: the non-decreasing fit of <paramref name="points"/>' outcomes (1 right, 0 wrong, weighted)
    /// ordered by score, as knots at each pooled block's mean score.
    /// </summary>
    public static (double[] Scores, double[] Confidences) Isotonic(IEnumerable<(double Score, bool Right, double Weight)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var blocks = new List<(double Sx, double Sy, double W)>();
        foreach (var (score, right, weight) in points.Where(p => p.Weight > 0).OrderBy(p => p.Score))
        {
            blocks.Add((score * weight, right ? weight : 0, weight));
            while (blocks.Count > 1 && blocks[^2].Sy / blocks[^2].W >= blocks[^1].Sy / blocks[^1].W)
            {
                var (a, b) = (blocks[^2], blocks[^1]);
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = (a.Sx + b.Sx, a.Sy + b.Sy, a.W + b.W);
            }
        }

        return blocks.Count == 0 ? ([0], [0]) : ([.. blocks.Select(b => b.Sx / b.W)], [.. blocks.Select(b => b.Sy / b.W)]);
    }
}
