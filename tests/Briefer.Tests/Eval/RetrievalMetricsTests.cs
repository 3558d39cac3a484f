using Briefer.Cli.Eval;

namespace Briefer.Tests.Eval;

public sealed class RetrievalMetricsTests
{
    private static readonly Dictionary<string, int> TwoRelevant = new(StringComparer.Ordinal) { ["a"] = 1, ["b"] = 1 };

    [Fact]
    public void NdcgAt10_RelevantAtRanks1And3_MatchesTrecEval()
    {
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) = 1.6309.
        var ndcg = RetrievalMetrics.NdcgAt(["a", "x", "b"], TwoRelevant, 10);

        Assert.Equal(1.5 / (1 + (1 / Math.Log2(3))), ndcg, 10);
    }

    [Fact]
    public void NdcgAt10_RelevantBelowCutoff_ScoresZero()
    {
        var ranked = Enumerable.Range(0, 10).Select(i => "x" + i).Append("a").ToList();

        Assert.Equal(0, RetrievalMetrics.NdcgAt(ranked, TwoRelevant, 10));
    }

    [Fact]
    public void Metrics_EmptyRanking_ScoreZero()
    {
        Assert.Equal(0, RetrievalMetrics.NdcgAt([], TwoRelevant, 10));
        Assert.Equal(0, RetrievalMetrics.RecallAt([], TwoRelevant, 100));
        Assert.Equal(0, RetrievalMetrics.ReciprocalRankAt([], TwoRelevant, 10));
    }

    [Fact]
    public void RecallAt10_OneOfTwoFound_IsHalf() =>
        Assert.Equal(0.5, RetrievalMetrics.RecallAt(["x", "b", "y"], TwoRelevant, 10));

    [Fact]
    public void ReciprocalRankAt10_FirstRelevantAtRank4_IsQuarter() =>
        Assert.Equal(0.25, RetrievalMetrics.ReciprocalRankAt(["x", "y", "z", "b", "a"], TwoRelevant, 10));
}
