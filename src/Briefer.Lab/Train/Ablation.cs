using Briefer.Cli.Trainer;
using Briefer.Core.Answering;

namespace Briefer.Cli.Train;

/// <summary>Leaves feature groups out of training questions (their values set to zero everywhere), for ablation studies.</summary>
internal static class Ablation
{
    public static TrainingQuestion Without(TrainingQuestion question, IReadOnlySet<string> features)
    {
        if (features.Count == 0)
        {
            return question;
        }

        var candidate = Indices(AnswerFeatures.CandidateNames, features);
        var offset = AnswerFeatures.QuestionNames.Count;
        var own = Indices(AnswerFeatures.QuestionNames, features);
        var rows = question.Rows.Select(r => Zero(r, candidate, 0)).ToList();
        return question with
        {
            Rows = rows,
            QuestionRow = (scores, best) => Zero(Zero(question.QuestionRow(scores, best), own, 0), candidate, offset),
        };
    }

    private static List<int> Indices(IReadOnlyList<string> names, IReadOnlySet<string> features) =>
        [.. Enumerable.Range(0, names.Count).Where(i => features.Contains(names[i]))];

    private static float[] Zero(float[] row, List<int> indices, int offset)
    {
        var copy = (float[])row.Clone();
        foreach (var i in indices)
        {
            copy[offset + i] = 0;
        }

        return copy;
    }
}
