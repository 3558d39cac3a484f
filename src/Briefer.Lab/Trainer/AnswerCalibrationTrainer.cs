using Briefer.Core.Answering;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Briefer.Cli.Trainer;

/// <summary>
/// Fits the <see cref="AnswerCalibration"/> on the trainer's out-of-fold predictions, and measures it held out: each
/// fold's confidences come from a calibration fitted on the other folds only, so the operating points (and the
/// automatic threshold chosen from them) are not in sample. A documentation set is a fold of its own, so its points are
/// measured with a calibration that never saw it.
/// </summary>
/// <param name="targetWrong">The share of posted answers over the documentation sets that may be wrong at the chosen threshold.</param>
public sealed class AnswerCalibrationTrainer(MLContext ml, double targetWrong = 0.05)
{
    /// <summary>The thresholds the operating-point table shows (the chosen one is added).</summary>
    public static IReadOnlyList<double> TableThresholds { get; } = [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98];

    /// <summary>
    /// Fits on every question Briefer would answer (a candidate, no rule abstention, answerability at or above
    /// <paramref name="threshold"/>): target 1 when the best candidate holds the answer, 0 otherwise (unanswerable
    /// questions always 0), weighted as in training.
    /// </summary>
    /// <returns>The combined score over all of them, and the record with the held-out operating points.</returns>
    public (ITransformer Combiner, ConfidenceCalibrationInfo Info) Fit(
        IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> questionRows, IReadOnlyList<float[]> scores, IReadOnlyList<float> probabilities, double threshold)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(questionRows);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(probabilities);
        var columns = AnswerCalibration.Columns(AnswerFeatures.QuestionNames, AnswerFeatures.CandidateNames);
        var answered = Enumerable.Range(0, questions.Count).Where(i => Answered(questions[i], probabilities[i], threshold)).ToList();
        var inputs = new Dictionary<int, float[]>();
        foreach (var i in answered)
        {
            inputs[i] = AnswerCalibration.Inputs(columns, questionRows[i], probabilities[i]);
        }

        // Two candidate calibrations, each measured held out: one fitted on every project's rows, one on the
        // documentation sets' rows only (the automatic path serves documentation, and SQuAD's rows outnumber theirs).
        // The one whose held-out documentation figures allow the lower threshold (then: post more) is kept.
        var whole = WholeProjects(questions);
        var variants = new[]
        {
            (Name: "every project's answered questions", Rows: answered),
            (Name: "the documentation sets' answered questions only", Rows: answered.Where(i => whole.Contains(questions[i].Project)).ToList()),
        }.Where(v => v.Rows.Count > 0 && v.Rows.Select(i => Right(questions[i], scores[i])).Distinct().Count() == 2).ToList();
        var measured = variants.Select(v =>
        {
            var heldOut = HeldOut(v.Rows, answered, questions, inputs, scores);
            var points = OperatingPoints(questions, scores, probabilities, threshold, heldOut);
            var chosen = Choose([.. points.Where(p => p.Set == AnswerCalibration.DocumentationSets)]);
            var at = points.FirstOrDefault(p => p.Set == AnswerCalibration.DocumentationSets && p.Threshold == chosen);
            return (v.Name, v.Rows, Points: points, Chosen: chosen, Posted: at?.Posted ?? 0);
        }).ToList();
        var best = measured.OrderBy(m => m.Chosen).ThenByDescending(m => m.Posted).First();
        var (final, scoreKnots, confidenceKnots) = FitOn(best.Rows, questions, inputs, scores);
        var table = best.Points.Where(p => TableThresholds.Contains(p.Threshold) || p.Threshold == best.Chosen).ToList();
        var others = string.Join("; ", measured.Where(m => m.Name != best.Name).Select(m => string.Create(
            System.Globalization.CultureInfo.InvariantCulture, $"fitted on {m.Name} instead: automatic threshold {m.Chosen:F2}, documentation sets posted {m.Posted} at it")));
        return (final, new ConfidenceCalibrationInfo(AnswerCalibration.InputNames, scoreKnots, confidenceKnots, best.Chosen, targetWrong, table)
        {
            FittedOn = best.Name,
            Compared = others,
        });
    }

    /// <summary>Each answered question's confidence from a calibration fitted on <paramref name="rows"/> outside its fold.</summary>
    private double[] HeldOut(List<int> rows, List<int> answered, IReadOnlyList<TrainingQuestion> questions, Dictionary<int, float[]> inputs, IReadOnlyList<float[]> scores)
    {
        var heldOut = new double[questions.Count];
        foreach (var fold in questions.Select(q => q.Fold).Distinct())
        {
            var train = rows.Where(i => questions[i].Fold != fold).ToList();
            var test = answered.Where(i => questions[i].Fold == fold).ToList();
            if (test.Count == 0 || train.Select(i => Right(questions[i], scores[i])).Distinct().Count() < 2)
            {
                continue;
            }

            var (combiner, x, y) = FitOn(train, questions, inputs, scores);
            var combined = AnswerModel.Score(ml, combiner, [.. test.Select(i => inputs[i])], AnswerCalibration.InputNames.Count, "Probability");
            for (var k = 0; k < test.Count; k++)
            {
                heldOut[test[k]] = AnswerCalibration.Map(x, y, combined[k]);
            }
        }

        return heldOut;
    }

    /// <summary>Projects held out as a whole (one fold each): the documentation sets.</summary>
    private static HashSet<string> WholeProjects(IReadOnlyList<TrainingQuestion> questions) =>
        questions.GroupBy(q => q.Project).Where(g => g.Select(q => q.Fold).Distinct().Count() == 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a question right or wrong is the best candidate's (true) or its own-document-missing or unanswerable (false).</summary>
    public static bool Right(TrainingQuestion question, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Answerable && !question.MissingDocument && question.Rows.Count > 0 && question.Labels[AnswerModelTrainer.ArgMax(scores)];
    }

    private static bool Answered(TrainingQuestion q, float probability, double threshold) => q.Rows.Count > 0 && !q.RuleAbstains && probability >= threshold;

    /// <summary>
    /// The lowest threshold (in steps of 0.01) that posts at least one documentation answer held out and at and above
    /// which the documentation sets' held-out wrong share stays within the target; 1 (nothing short of certainty) when none does.
    /// </summary>
    private double Choose(IReadOnlyList<OperatingPoint> documentation)
    {
        var ordered = documentation.OrderBy(p => p.Threshold).ToList();
        for (var k = 0; k < ordered.Count; k++)
        {
            // It must post something: a threshold nothing reaches says nothing about the wrong share.
            if (ordered[k].Posted > 0 && ordered.Skip(k).All(p => p.Posted == 0 || p.WrongShare <= targetWrong))
            {
                return ordered[k].Threshold;
            }
        }

        return 1;
    }

    private static List<OperatingPoint> OperatingPoints(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> scores, IReadOnlyList<float> probabilities, double threshold, double[] confidence)
    {
        // A project held out as a whole (one fold) is a documentation set; they are also measured together.
        var whole = WholeProjects(questions);
        var sets = questions.Select(q => q.Project).Distinct().Select(p => (Name: p, Member: (Func<TrainingQuestion, bool>)(q => q.Project == p))).ToList();
        if (whole.Count > 0)
        {
            sets.Add((AnswerCalibration.DocumentationSets, q => whole.Contains(q.Project)));
        }

        var grid = Enumerable.Range(50, 51).Select(t => t / 100.0).Concat(TableThresholds).Distinct().Order().ToList();
        var points = new List<OperatingPoint>();
        foreach (var (name, member) in sets)
        {
            var indices = Enumerable.Range(0, questions.Count).Where(i => member(questions[i])).ToList();
            var answerable = indices.Count(i => questions[i].Answerable && !questions[i].MissingDocument);
            foreach (var t in grid)
            {
                var posted = indices.Where(i => Answered(questions[i], probabilities[i], threshold) && confidence[i] >= t).ToList();
                var right = posted.Count(i => Right(questions[i], scores[i]));
                points.Add(new OperatingPoint(name, t, posted.Count, posted.Count - right, answerable, right));
            }
        }

        return points;
    }

    private (ITransformer Combiner, double[] ScoreKnots, double[] ConfidenceKnots) FitOn(
        IReadOnlyList<int> rows, IReadOnlyList<TrainingQuestion> questions, Dictionary<int, float[]> inputs, IReadOnlyList<float[]> scores)
    {
        var data = ml.Data.LoadFromEnumerable(
            rows.Select(i => new CalibrationRow { Features = inputs[i], Label = Right(questions[i], scores[i]), Weight = questions[i].Weight }),
            CalibrationRow.Schema(AnswerCalibration.InputNames.Count));
        var combiner = ml.Transforms.NormalizeMeanVariance(nameof(CalibrationRow.Features))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                ExampleWeightColumnName = nameof(CalibrationRow.Weight),
                NumberOfThreads = 1,
                L2Regularization = 1,
            }))
            .Fit(data);
        var combined = AnswerModel.Score(ml, combiner, [.. rows.Select(i => inputs[i])], AnswerCalibration.InputNames.Count, "Probability");
        var (x, y) = AnswerCalibration.Isotonic(rows.Select((i, k) => ((double)combined[k], Right(questions[i], scores[i]), (double)questions[i].Weight)));
        return (combiner, x, y);
    }

    private sealed class CalibrationRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }

        public static Microsoft.ML.Data.SchemaDefinition Schema(int width)
        {
            var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(CalibrationRow));
            schema[nameof(Features)].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, width);
            return schema;
        }
    }
}
