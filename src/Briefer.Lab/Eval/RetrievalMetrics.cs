namespace Briefer.Cli.Eval;

/// <summary>
/// The TREC/BEIR retrieval metrics (as trec_eval and pytrec_eval compute them) for one query's ranked document ids.
/// An empty ranking scores 0 on every metric.
/// </summary>
internal static class RetrievalMetrics
{
    /// <summary>nDCG@k with linear gain (the graded relevance) and a log2(rank + 1) discount; the ideal ranking sorts the judged documents by relevance.</summary>
    public static double NdcgAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.TryGetValue(ranked[i], out var gain))
            {
                dcg += gain / Math.Log2(i + 2);
            }
        }

        var ideal = relevant.Values.OrderDescending().Take(k).Select((gain, i) => gain / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }

    /// <summary>The share of the relevant documents found in the top <paramref name="k"/>.</summary>
    public static double RecallAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant, int k) =>
        relevant.Count == 0 ? 0 : (double)ranked.Take(k).Count(relevant.ContainsKey) / relevant.Count;

    /// <summary>1 / the rank of the first relevant document within the top <paramref name="k"/>, else 0.</summary>
    public static double ReciprocalRankAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant, int k)
    {
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (relevant.ContainsKey(ranked[i]))
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }
}

/// <summary>The mean metrics of one retrieval mode over a query set.</summary>
internal sealed record RetrievalScores(string Mode, int Queries, double NdcgAt10, double RecallAt10, double RecallAt100, double MrrAt10)
{
    public static RetrievalScores Mean(string mode, IReadOnlyList<(IReadOnlyList<string> Top10Ranking, IReadOnlyList<string> DeepRanking, IReadOnlyDictionary<string, int> Relevant)> runs)
    {
        var n = runs.Count;
        if (n == 0)
        {
            return new RetrievalScores(mode, 0, 0, 0, 0, 0);
        }

        return new RetrievalScores(
            mode,
            n,
            runs.Average(r => RetrievalMetrics.NdcgAt(r.Top10Ranking, r.Relevant, 10)),
            runs.Average(r => RetrievalMetrics.RecallAt(r.Top10Ranking, r.Relevant, 10)),
            runs.Average(r => RetrievalMetrics.RecallAt(r.DeepRanking, r.Relevant, 100)),
            runs.Average(r => RetrievalMetrics.ReciprocalRankAt(r.Top10Ranking, r.Relevant, 10)));
    }
}
