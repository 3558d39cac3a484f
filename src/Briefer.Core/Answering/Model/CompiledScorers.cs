namespace Briefer.Core.Answering;

/// <summary>Scores feature rows with one part of the answer model.</summary>
internal interface IRowModel
{
    /// <summary>The scores of <paramref name="rows"/>, in order.</summary>
    float[] Score(IReadOnlyList<float[]> rows);

    /// <summary>Makes the first call cheap (builds what the part needs to score).</summary>
    void Warm();
}

/// <summary>One regression tree as arrays: node <c>n</c> sends a row to <see cref="Left"/>[n] when feature
/// <see cref="Split"/>[n] is at most <see cref="Threshold"/>[n], else to <see cref="Right"/>[n]; a negative child
/// <c>c</c> is leaf <c>~c</c>. A tree with one leaf has no nodes.</summary>
internal sealed record TreeData(int[] Split, float[] Threshold, int[] Left, int[] Right, double[] Leaves);

/// <summary>A sum of regression trees plus a bias (a FastTree model's trees, exported by <see cref="CompiledModel"/>).</summary>
internal sealed record EnsembleData(double Bias, TreeData[] Trees);

/// <summary>Platt scaling: probability = 1 / (1 + exp(<see cref="Slope"/> · score + <see cref="Offset"/>)).</summary>
internal sealed record PlattData(double Slope, double Offset);

/// <summary>A linear model after an affine normalisation: score = bias + Σ weight · (x − offset) · scale.</summary>
internal sealed record LinearData(float[] Scale, float[] Offset, float[] Weights, float Bias);

/// <summary>
/// Scores rows with a tree ensemble held as plain arrays, the way FastTree does (each tree's leaf value summed in
/// double precision, then rounded to float; a probability through Platt scaling) — no ML.NET pipeline, no model
/// loading beyond reading the arrays. Thread-safe (nothing is mutated).
/// </summary>
internal sealed class TreeEnsembleScorer(EnsembleData ensemble, PlattData? platt = null) : IRowModel
{
    public float[] Score(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            scores[i] = Score(rows[i]);
        }

        return scores;
    }

    public void Warm()
    {
    }

    /// <summary>The score (or, with Platt scaling, the probability) of one row.</summary>
    public float Score(ReadOnlySpan<float> row)
    {
        var sum = 0.0;
        foreach (var tree in ensemble.Trees)
        {
            sum += Output(tree, row);
        }

        var score = (float)(sum + ensemble.Bias);
        return platt is null ? score : Probability(platt, score);
    }

    /// <summary>The Platt-scaled probability of a score (NaN stays NaN).</summary>
    public static float Probability(PlattData platt, float score) =>
        float.IsNaN(score) ? score : (float)(1 / (1 + Math.Exp((platt.Slope * score) + platt.Offset)));

    private static double Output(TreeData tree, ReadOnlySpan<float> row)
    {
        if (tree.Split.Length == 0)
        {
            return tree.Leaves[0];
        }

        var node = 0;
        while (node >= 0)
        {
            // "At most" is false for NaN, which goes right, as in FastTree without missing-value defaults.
            node = row[tree.Split[node]] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
        }

        return tree.Leaves[~node];
    }
}

/// <summary>Scores rows with a normalised linear model and Platt scaling (the answer confidence's combiner).</summary>
internal sealed class LinearScorer(LinearData linear, PlattData platt) : IRowModel
{
    public float[] Score(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var sum = 0f;
            for (var j = 0; j < linear.Weights.Length; j++)
            {
                var x = linear.Offset.Length == 0 ? row[j] : row[j] - linear.Offset[j];
                sum += linear.Weights[j] * (x * linear.Scale[j]);
            }

            scores[i] = TreeEnsembleScorer.Probability(platt, linear.Bias + sum);
        }

        return scores;
    }

    public void Warm()
    {
    }
}
