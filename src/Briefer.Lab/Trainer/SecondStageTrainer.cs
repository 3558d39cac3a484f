using Briefer.Core.Answering;
using Microsoft.ML;

namespace Briefer.Cli.Trainer;

/// <summary>
/// Trains the second-stage ranker (<see cref="SecondStage"/>) on the first stage's out-of-fold scores: for every
/// question whose evidence it applies to, the first stage's best <see cref="TrainingSettings.SecondStageTopK"/>
/// candidates with their features and the first stage's score, rank and margin. Its own held-out scores come from the
/// same folds (each documentation set is a fold of its own), so nothing it is measured on was trained on.
/// </summary>
public sealed class SecondStageTrainer(MLContext ml, TrainingSettings settings)
{
    /// <summary>Whether the second stage reorders this question's candidates (as serving decides).</summary>
    public bool Applies(TrainingQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return question.Rows.Count >= 2 && (!settings.SecondStageDocumentationOnly || SecondStage.IsDocumentation(question.Rows));
    }

    /// <summary>
    /// The scores after the second stage, out of fold: for each fold a second stage trained on the other folds reorders
    /// its questions' first-stage scores <paramref name="firstStage"/> (themselves out of fold).
    /// </summary>
    /// <param name="last">The last fold's second stage (for a model that is not trained on everything).</param>
    public float[][] OutOfFold(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> firstStage, out ITransformer? last)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(firstStage);
        var result = firstStage.Select(s => s).ToArray();
        last = null;
        foreach (var fold in questions.Select(q => q.Fold).Distinct().Order())
        {
            var test = Enumerable.Range(0, questions.Count).Where(i => questions[i].Fold == fold && Applies(questions[i])).ToList();
            if (test.Count == 0)
            {
                continue;
            }

            var model = Train(questions, firstStage, i => questions[i].Fold != fold);
            if (model is null)
            {
                continue;
            }

            last = model;
            foreach (var i in test)
            {
                result[i] = Apply(model, questions[i].Rows, firstStage[i]);
            }
        }

        return result;
    }

    /// <summary>The second stage trained on the questions <paramref name="include"/> picks; null when none of them can teach it.</summary>
    public ITransformer? Train(IReadOnlyList<TrainingQuestion> questions, IReadOnlyList<float[]> firstStage, Func<int, bool> include)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(firstStage);
        ArgumentNullException.ThrowIfNull(include);
        var rows = new List<FeatureRow>();
        var group = 0u;
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            if (!include(i) || !q.Answerable || !Applies(q))
            {
                continue;
            }

            var top = SecondStage.Top(firstStage[i], settings.SecondStageTopK);
            if (!top.Any(c => q.Labels[c]))
            {
                continue;
            }

            var inputs = SecondStage.Inputs(q.Rows, firstStage[i], top);

            // Documentation questions alone weigh the same; with prose beside them, they keep their weight against it.
            var copies = settings.SecondStageDocumentationOnly ? 1 : q.Weight;
            for (var copy = 0; copy < copies; copy++)
            {
                group++;
                rows.AddRange(top.Select((c, k) => new FeatureRow { Features = inputs[k], Label = q.Labels[c] ? 1 + settings.SecondStagePageGrade : q.RightPage?[c] == true ? settings.SecondStagePageGrade : 0, Group = group }));
            }
        }

        if (group < 2)
        {
            return null;
        }

        return LambdaRank.Fit(ml, rows, SecondStage.InputNames.Count, settings.SecondStageTrees, settings.SecondStageLeaves, learningRate: 0.05);
    }

    /// <summary>The first-stage <paramref name="scores"/> of <paramref name="rows"/> reordered by <paramref name="model"/>, as serving does.</summary>
    public float[] Apply(ITransformer model, IReadOnlyList<float[]> rows, float[] scores)
    {
        ArgumentNullException.ThrowIfNull(model);
        var top = SecondStage.Top(scores, settings.SecondStageTopK);
        var inputs = SecondStage.Inputs(rows, scores, top);
        var second = AnswerModel.Score(ml, model, inputs, SecondStage.InputNames.Count, "Score");
        return SecondStage.Reorder(scores, top, second);
    }

    /// <summary>The record a model carries of its second stage.</summary>
    public SecondStageInfo Info(string trained) =>
        new(SecondStage.InputNames, settings.SecondStageTopK, settings.SecondStageDocumentationOnly, trained);
}
