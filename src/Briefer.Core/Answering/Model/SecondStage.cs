namespace Briefer.Core.Answering;

/// <summary>What a model's second-stage ranker records about itself.</summary>
/// <param name="Inputs">Its input names, in order (must equal <see cref="SecondStage.InputNames"/>).</param>
/// <param name="TopK">How many of the first stage's best candidates it reorders.</param>
/// <param name="DocumentationOnly">Whether it applies only to documentation-shaped evidence (<see cref="SecondStage.IsDocumentation"/>).</param>
/// <param name="Trained">What it was trained on.</param>
public sealed record SecondStageInfo(IReadOnlyList<string> Inputs, int TopK, bool DocumentationOnly, string Trained);

/// <summary>
/// The second stage of ranking: a ranker trained on documentation questions reorders the first stage's best
/// <see cref="SecondStageInfo.TopK"/> candidates, reading each candidate's features beside the first stage's score, its
/// rank and its margin to the best. The reordered candidates take the first stage's score values in their new order, so
/// the scores keep the first stage's scale (the answerability classifier, passage margins and confidence read them).
/// Serving (<see cref="AnswerModel.Rank"/>) and training share these functions.
/// </summary>
public static class SecondStage
{
    /// <summary>The first stage's score of the candidate.</summary>
    public const string ScoreInput = "s1_score";

    /// <summary>The candidate's rank under the first stage (0: best).</summary>
    public const string RankInput = "s1_rank";

    /// <summary>The first stage's best score minus the candidate's.</summary>
    public const string MarginInput = "s1_margin";

    private static readonly int UnitBlock = IndexOf("unit_block");

    /// <summary>The second stage's inputs, in vector order: the candidate features, then the first stage's view.</summary>
    public static IReadOnlyList<string> InputNames { get; } = [.. AnswerFeatures.CandidateNames, ScoreInput, RankInput, MarginInput];

    /// <summary>
    /// Whether the candidates come from documentation-shaped evidence: at least one lies in a structural block (a
    /// heading's section, list, table, code…); plain prose such as SQuAD's has none.
    /// </summary>
    public static bool IsDocumentation(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Any(r => r[UnitBlock] > 0);
    }

    /// <summary>The indices of the <paramref name="k"/> best scores, best first (the earlier on ties, as <see cref="AnswerModel.ArgMax"/>).</summary>
    public static int[] Top(IReadOnlyList<float> scores, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k)];
    }

    /// <summary>The second stage's input rows for the candidates <paramref name="top"/> (best first) of <paramref name="rows"/>.</summary>
    public static float[][] Inputs(IReadOnlyList<float[]> rows, IReadOnlyList<float> scores, IReadOnlyList<int> top)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(top);
        var best = top.Count == 0 ? 0 : scores[top[0]];
        return [.. top.Select((c, rank) => (float[])[.. rows[c], scores[c], rank, best - scores[c]])];
    }

    /// <summary>
    /// The first stage's <paramref name="scores"/> with the candidates <paramref name="top"/> (best first) reordered by
    /// <paramref name="secondStage"/> (their scores, same order): the best of them takes the highest of their first-stage
    /// values, and so on; the others keep theirs.
    /// </summary>
    public static float[] Reorder(IReadOnlyList<float> scores, IReadOnlyList<int> top, IReadOnlyList<float> secondStage)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(top);
        ArgumentNullException.ThrowIfNull(secondStage);
        var result = scores.ToArray();
        var order = Enumerable.Range(0, top.Count).OrderByDescending(k => secondStage[k]).ThenBy(k => k).ToList();
        for (var place = 0; place < order.Count; place++)
        {
            result[top[order[place]]] = scores[top[place]];
        }

        return result;
    }

    /// <summary>Why a model's second stage cannot be used with this build (its inputs differ), or null when it can (or there is none).</summary>
    public static string? Mismatch(SecondStageInfo? info)
    {
        if (info is null)
        {
            return null;
        }

        if (info.TopK < 2)
        {
            return $"The answer model's second stage reorders {info.TopK} candidates; it needs at least 2. Retrain it with 'briefer train answers'.";
        }

        var inputs = info.Inputs ?? [];
        var missing = InputNames.Except(inputs, StringComparer.Ordinal).ToList();
        var extra = inputs.Except(InputNames, StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && extra.Count == 0 && inputs.SequenceEqual(InputNames, StringComparer.Ordinal))
        {
            return null;
        }

        return "The answer model's second stage was trained on other inputs than this build computes"
            + (missing.Count > 0 ? $" (missing: {string.Join(", ", missing)})" : string.Empty)
            + (extra.Count > 0 ? $" (unknown: {string.Join(", ", extra)})" : string.Empty)
            + (missing.Count == 0 && extra.Count == 0 ? " (same names, other order)" : string.Empty)
            + "; retrain it with 'briefer train answers'.";
    }

    private static int IndexOf(string name)
    {
        var names = AnswerFeatures.CandidateNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The candidate feature {name} is missing.");
    }
}
