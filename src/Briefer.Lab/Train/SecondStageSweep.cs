using System.Globalization;
using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Microsoft.ML;

namespace Briefer.Cli.Train;

/// <summary>
/// <c>train answers --second-stage-sweep</c>: second stages of several settings trained on one run's out-of-fold
/// first-stage scores (cheap beside the first stage), each measured out of fold by project, to choose the settings.
/// The abstentions are the run's own (its classifier read the chosen second stage's order), so the figures compare
/// orders, not abstention.
/// </summary>
internal static class SecondStageSweep
{
    public static void Write(TextWriter output, IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> firstStage, IReadOnlyList<float> probabilities, double threshold, TrainingSettings baseline)
    {
        output.WriteLine("second-stage sweep (out of fold by project; the run's abstentions): k leaves trees page-grade scope -> docs first unit, docs right page first, SQuAD first unit");
        Line("first stage alone", firstStage);
        var variants = new (int K, int Leaves, int Trees, int Grade, bool DocumentationOnly)[]
        {
            (5, 8, 100, 0, true), (10, 8, 100, 0, true), (20, 8, 100, 0, true), (10, 8, 300, 0, true), (10, 16, 300, 0, true),
            (10, 8, 100, 1, true), (10, 8, 100, 0, false),
        };
        foreach (var (k, leaves, trees, grade, documentationOnly) in variants)
        {
            var settings = baseline with { SecondStageTopK = k, SecondStageLeaves = leaves, SecondStageTrees = trees, SecondStagePageGrade = grade, SecondStageDocumentationOnly = documentationOnly };
            var scores = new SecondStageTrainer(new MLContext(settings.Seed), settings).OutOfFold(questions, firstStage, out _);
            Line(string.Create(CultureInfo.InvariantCulture, $"{k} {leaves} {trees} {grade} {(documentationOnly ? "docs" : "all")}"), scores);
        }

        void Line(string label, IReadOnlyList<float[]> scores)
        {
            var squad = Indices(q => q.Project == SquadTrainingSetProject);
            var docs = Indices(q => q.Project != SquadTrainingSetProject);
            var d = AnswerModelTrainer.Figures([.. docs.Select(i => questions[i])], [.. docs.Select(i => scores[i])], [.. docs.Select(i => probabilities[i])], threshold);
            var s = AnswerModelTrainer.Figures([.. squad.Select(i => questions[i])], [.. squad.Select(i => scores[i])], [.. squad.Select(i => probabilities[i])], threshold);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: {d.FirstSentenceCorrect}/{d.Answerable}, {d.RightPageFirst}/{d.Answerable}, {s.FirstSentenceCorrect}/{s.Answerable}"));
        }

        List<int> Indices(Func<TrainingQuestion, bool> predicate) => [.. Enumerable.Range(0, questions.Count).Where(i => predicate(questions[i]))];
    }

    private const string SquadTrainingSetProject = Eval.SquadTrainingSet.Project;
}
