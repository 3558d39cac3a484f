using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering.Model;

public sealed class RowScorerTests
{
    private static List<float[]> RandomRows(int count, int width, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ => (float)(random.NextDouble() * (random.Next(4) == 0 ? 20 : 1))).ToArray())];
    }

    // Serving scores through a prediction engine built once; the values must be the batch pipeline's, bit for bit.
    [Fact]
    public void Rank_ShippedModel_SameScoresAsBatchPipeline()
    {
        var model = AnswerModel.Shipped;
        var (context, ranker, _) = model.Parts;
        var rows = RandomRows(200, model.Info.CandidateFeatures.Count, 22);

        var expected = AnswerModel.Score(context, ranker, rows, model.Info.CandidateFeatures.Count, "Score");
        var actual = model.RankFirstStage(rows);

        Assert.Equal(expected, actual);
        Assert.True(expected.Distinct().Count() > 10);
    }

    // Random rows lie in blocks (documentation-shaped): the second stage may reorder the first stage's top K, nothing else.
    [Fact]
    public void Rank_SecondStageModelOnDocumentationRows_OnlyTheFirstStagesTopKChangePlaces()
    {
        var model = SecondStageFixture.Load();
        var k = model.Info.SecondStage!.TopK;
        var rows = RandomRows(30, model.Info.CandidateFeatures.Count, 24);
        var first = model.RankFirstStage(rows);
        var top = SecondStage.Top(first, k);

        var ranked = model.Rank(rows);

        Assert.True(SecondStage.IsDocumentation(rows));
        Assert.All(Enumerable.Range(0, rows.Count).Except(top), i => Assert.Equal(first[i], ranked[i]));
        Assert.Equal(top.Select(i => first[i]).Order(), top.Select(i => ranked[i]).Order());
        Assert.Contains(AnswerModel.ArgMax(ranked), top);
    }

    [Fact]
    public void Answerable_ShippedModel_SameProbabilityAsBatchPipeline()
    {
        var model = AnswerModel.Shipped;
        var (context, _, answerable) = model.Parts;
        var width = model.Info.QuestionFeatures.Count + model.Info.CandidateFeatures.Count;
        var rows = RandomRows(50, width, 23);

        var expected = AnswerModel.Score(context, answerable, rows, width, "Probability");
        var actual = rows.Select(model.Answerable).ToArray();

        Assert.Equal(expected, actual);
        Assert.True(expected.Distinct().Count() > 5);
    }

    [Fact]
    public async Task Rank_ConcurrentCallers_EachGetsItsOwnScores()
    {
        var model = AnswerModel.Shipped;
        var sets = Enumerable.Range(0, 8).Select(i => RandomRows(40, model.Info.CandidateFeatures.Count, 100 + i)).ToList();
        var expected = sets.Select(model.Rank).ToList();

        var actual = await Task.WhenAll(sets.Select(set => Task.Run(() => model.Rank(set))));

        for (var i = 0; i < sets.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }
}
