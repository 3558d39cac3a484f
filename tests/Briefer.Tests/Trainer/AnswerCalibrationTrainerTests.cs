using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Microsoft.ML;

namespace Briefer.Tests.Trainer;

/// <summary>The answer confidence fitted on out-of-fold rows, and its held-out operating points.</summary>
public sealed class AnswerCalibrationTrainerTests
{
    [Fact]
    public void Fit_OutOfFoldRows_ConfidenceRisesWithAnswerabilityAndHeldOutPointsCountEachQuestion()
    {
        var questions = new List<TrainingQuestion>();
        var probabilities = new List<float>();
        var random = new Random(3);
        for (var i = 0; i < 600; i++)
        {
            // Three SQuAD-like folds and one documentation set held out as a whole (fold 3, project "docs").
            var p = (float)random.NextDouble();
            var right = random.NextDouble() < p * p;
            questions.Add(Question(i < 450 ? i % 3 : 3, i < 450 ? "SQuAD" : "docs", answerable: right || random.NextDouble() < 0.5, right));
            probabilities.Add(p);
        }

        var rows = questions.Select(q => q.QuestionRow([1, 0], 0)).ToList();
        var scores = questions.Select(_ => new float[] { 1, 0 }).ToList();
        var (combiner, info) = new AnswerCalibrationTrainer(new MLContext(1)).Fit(questions, rows, scores, probabilities, threshold: 0.2);
        var calibration = new AnswerCalibration(new MLContext(1), combiner, info, AnswerFeatures.QuestionNames, AnswerFeatures.CandidateNames);

        var confidences = new[] { 0.25, 0.5, 0.75, 0.95 }.Select(p => calibration.Confidence(rows[0], p)).ToList();
        Assert.All(confidences.Zip(confidences.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.True(confidences[^1] > 0.7 && confidences[0] < 0.3, string.Join(", ", confidences));
        var docs = info.OperatingPoints.Where(p => p.Set == AnswerCalibration.DocumentationSets).ToList();
        Assert.InRange(docs.Single(p => p.Threshold == 0.5).Posted, 1, Enumerable.Range(450, 150).Count(i => probabilities[i] >= 0.2));
        Assert.Equal(questions.Skip(450).Count(q => q.Answerable), docs[0].Answerable);
        Assert.All(docs.Zip(docs.Skip(1)), pair => Assert.True(pair.Second.Posted <= pair.First.Posted));
        var chosen = docs.Single(p => p.Threshold == info.AutoThreshold);
        Assert.True(chosen.WrongShare <= 0.05, $"{chosen.Wrong}/{chosen.Posted} wrong at {info.AutoThreshold}");
        Assert.All(docs.Where(p => p.Threshold >= info.AutoThreshold), p => Assert.True(p.WrongShare <= 0.05));
    }

    private static TrainingQuestion Question(int fold, string project, bool answerable, bool right) =>
        new(fold, answerable, [new float[AnswerFeatures.CandidateNames.Count], new float[AnswerFeatures.CandidateNames.Count]], [right && answerable, false],
            (scores, best) => [.. new float[AnswerFeatures.QuestionNames.Count], .. new float[AnswerFeatures.CandidateNames.Count]], [-1, -1], [-1, -1], [false, false])
        {
            Project = project,
        };
}
