using Briefer.Cli.Trainer;
using Briefer.Core.Answering;
using Microsoft.ML;

namespace Briefer.Tests.Trainer;

/// <summary>The second stage learns, out of fold, to lift the right unit the first stage ranked below the top.</summary>
public sealed class SecondStageTrainerTests
{
    private static readonly int Width = AnswerFeatures.CandidateNames.Count;
    private static readonly int Block = AnswerFeatures.CandidateNames.ToList().IndexOf("unit_block");
    private static readonly int Cue = AnswerFeatures.CandidateNames.ToList().IndexOf("kind_match");

    [Fact]
    public void OutOfFold_RightUnitRankedSecondWithACue_HeldOutQuestionsGetItFirst()
    {
        var random = new Random(5);
        var questions = Enumerable.Range(0, 240).Select(i => Question(i % 4, documentation: true, random)).ToList();
        var firstStage = questions.Select(q => FirstStage(q)).ToList();
        var trainer = new SecondStageTrainer(new MLContext(1), new TrainingSettings(SecondStageTopK: 5, SecondStageTrees: 40));

        var scores = trainer.OutOfFold(questions, firstStage, out var last);

        Assert.NotNull(last);
        Assert.Equal(0, Enumerable.Range(0, questions.Count).Count(i => questions[i].Labels[AnswerModel.ArgMax(firstStage[i])]));
        var right = Enumerable.Range(0, questions.Count).Count(i => questions[i].Labels[AnswerModel.ArgMax(scores[i])]);
        Assert.True(right > 0.9 * questions.Count, $"{right}/{questions.Count}");
        Assert.All(Enumerable.Range(0, questions.Count), i => Assert.Equal(firstStage[i].Order(), scores[i].Order()));
    }

    [Fact]
    public void OutOfFold_ProseEvidence_DocumentationOnlyLeavesItsOrder()
    {
        var random = new Random(5);
        var questions = Enumerable.Range(0, 120).Select(i => Question(i % 3, documentation: i % 2 == 0, random)).ToList();
        var firstStage = questions.Select(q => FirstStage(q)).ToList();
        var trainer = new SecondStageTrainer(new MLContext(1), new TrainingSettings(SecondStageTopK: 5, SecondStageTrees: 20));

        var scores = trainer.OutOfFold(questions, firstStage, out _);

        Assert.All(Enumerable.Range(0, questions.Count).Where(i => i % 2 == 1), i => Assert.Equal(firstStage[i], scores[i]));
        Assert.False(trainer.Applies(questions[1]));
        Assert.True(trainer.Applies(questions[0]));
    }

    /// <summary>Six candidates; the right one (index 1) carries the cue and some noise candidates carry it too.</summary>
    private static TrainingQuestion Question(int fold, bool documentation, Random random)
    {
        var rows = Enumerable.Range(0, 6).Select(c =>
        {
            var row = new float[Width];
            row[Block] = documentation ? 1 : 0;
            row[Cue] = c == 1 ? 1 : random.NextDouble() < 0.1 ? 0.5f : 0;
            row[0] = (float)random.NextDouble();
            return row;
        }).ToList();
        return new TrainingQuestion(fold, true, rows, [.. Enumerable.Range(0, 6).Select(c => c == 1)],
            (scores, best) => new float[AnswerFeatures.QuestionNames.Count + Width], [.. Enumerable.Repeat(-1, 6)], [.. Enumerable.Repeat(-1, 6)], [.. Enumerable.Repeat(false, 6)])
        {
            Project = documentation ? "docs" : "SQuAD",
        };
    }

    /// <summary>A first stage that always ranks candidate 0 first and the right one second.</summary>
    private static float[] FirstStage(TrainingQuestion question) => [.. Enumerable.Range(0, question.Rows.Count).Select(c => c == 0 ? 10f : c == 1 ? 9f : 8f - c)];
}
