using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering.Model;

/// <summary>The second stage's shared pieces: which candidates it sees, what it reads, how its order replaces the first stage's.</summary>
public sealed class SecondStageTests
{
    [Fact]
    public void Top_TiesAndOrder_BestFirstEarlierOnTies()
    {
        Assert.Equal([2, 0, 3], SecondStage.Top([1f, 0f, 3f, 1f], 3));
    }

    [Fact]
    public void Top_FewerCandidatesThanK_TakesThemAll()
    {
        Assert.Equal([1, 0], SecondStage.Top([1f, 2f], 10));
    }

    [Fact]
    public void Reorder_SecondStagePrefersRunnerUp_RunnerUpTakesTheBestScoreAndOthersKeepTheirs()
    {
        float[] scores = [5f, 9f, 7f, 1f];
        var top = SecondStage.Top(scores, 3);

        var reordered = SecondStage.Reorder(scores, top, [0.1f, 0.9f, 0.2f]);

        Assert.Equal(2, AnswerModel.ArgMax(reordered));
        Assert.Equal([7f, 5f, 9f, 1f], reordered);
    }

    [Fact]
    public void Inputs_AppendTheFirstStagesScoreRankAndMargin()
    {
        var width = AnswerFeatures.CandidateNames.Count;
        float[][] rows = [new float[width], Enumerable.Repeat(2f, width).ToArray()];

        var inputs = SecondStage.Inputs(rows, [1f, 4f], [1, 0]);

        Assert.All(inputs, r => Assert.Equal(SecondStage.InputNames.Count, r.Length));
        Assert.Equal([4f, 0f, 0f], inputs[0][width..]);
        Assert.Equal([1f, 1f, 3f], inputs[1][width..]);
        Assert.Equal(2f, inputs[0][0]);
    }

    [Fact]
    public void IsDocumentation_ProseWithoutBlocks_False_AUnitInABlock_True()
    {
        var width = AnswerFeatures.CandidateNames.Count;
        var block = AnswerFeatures.CandidateNames.ToList().IndexOf("unit_block");
        var prose = new float[width];
        var listed = new float[width];
        listed[block] = 3;

        Assert.False(SecondStage.IsDocumentation([prose, prose]));
        Assert.True(SecondStage.IsDocumentation([prose, listed]));
    }

    [Fact]
    public void Mismatch_SameInputs_IsNull_None_IsNull()
    {
        Assert.Null(SecondStage.Mismatch(new SecondStageInfo(SecondStage.InputNames, 10, true, "test")));
        Assert.Null(SecondStage.Mismatch(null));
    }

    [Fact]
    public void Mismatch_RenamedInput_NamesItAndSaysRetrain()
    {
        var inputs = SecondStage.InputNames.ToList();
        inputs[^1] = "s1_gap";

        var message = SecondStage.Mismatch(new SecondStageInfo(inputs, 10, true, "test"));

        Assert.NotNull(message);
        Assert.DoesNotContain('\n', message);
        Assert.Contains("missing: s1_margin", message, StringComparison.Ordinal);
        Assert.Contains("unknown: s1_gap", message, StringComparison.Ordinal);
        Assert.Contains("briefer train answers", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatch_TopKBelowTwo_SaysSo()
    {
        Assert.Contains("at least 2", SecondStage.Mismatch(new SecondStageInfo(SecondStage.InputNames, 1, true, "test")), StringComparison.Ordinal);
    }
}
