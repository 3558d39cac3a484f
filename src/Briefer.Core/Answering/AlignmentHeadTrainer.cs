using System.Numerics.Tensors;
using Briefer.Core.Embeddings;

namespace Briefer.Core.Answering;

/// <summary>One question for training the alignment head: its encoding, candidate sentences' states, and which are right.</summary>
public sealed record HeadExample(QuestionEncoding Question, IReadOnlyList<TokenStates> Sentences, IReadOnlyList<bool> Labels);

/// <summary>
/// Trains an <see cref="AlignmentHead"/> by gradient descent (Adam) on a listwise softmax loss: for each answerable
/// question, the sentence that answers it should have the highest mean support among its candidates. The gradients
/// are written out by hand (the head is one projection and a soft alignment); a unit test checks them against finite
/// differences.
/// </summary>
public sealed class AlignmentHeadTrainer(int rank = 64, int epochs = 4, int batch = 8, float learningRate = 0.002f, int seed = 1)
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;

    /// <summary>Trains a head on <paramref name="examples"/> (questions without a right candidate are skipped).</summary>
    public AlignmentHead Train(IReadOnlyList<HeadExample> examples, Action<int, double>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var head = AlignmentHead.Random(rank, seed);
        var usable = examples.Where(e => e.Question.Content.Count > 0 && e.Labels.Contains(true) && e.Labels.Contains(false)).ToList();
        var width = TokenStates.Dimensions;
        var gradient = new float[head.Projection.Length];
        var m = new float[gradient.Length];
        var v = new float[gradient.Length];
        float mt = 0, vt = 0;
        var step = 0;
        var random = new Random(seed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = usable.OrderBy(_ => random.Next()).ToList();
            double totalLoss = 0;
            var inBatch = 0;
            float temperatureGradient = 0;
            foreach (var example in order)
            {
                totalLoss += Accumulate(head, example, gradient, ref temperatureGradient);
                if (++inBatch < batch)
                {
                    continue;
                }

                Step();
                inBatch = 0;
            }

            if (inBatch > 0)
            {
                Step();
            }

            onEpoch?.Invoke(epoch, totalLoss / Math.Max(1, order.Count));

            void Step()
            {
                step++;
                var correction1 = 1 - MathF.Pow(Beta1, step);
                var correction2 = 1 - MathF.Pow(Beta2, step);
                for (var i = 0; i < gradient.Length; i++)
                {
                    var g = gradient[i] / inBatch;
                    m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g);
                    v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g * g);
                    head.Projection[i] -= learningRate * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + Epsilon);
                    gradient[i] = 0;
                }

                var gt = temperatureGradient / inBatch;
                mt = (Beta1 * mt) + ((1 - Beta1) * gt);
                vt = (Beta2 * vt) + ((1 - Beta2) * gt * gt);
                head.Temperature = Math.Max(0.5f, head.Temperature - (learningRate * 10 * (mt / correction1) / (MathF.Sqrt(vt / correction2) + Epsilon)));
                temperatureGradient = 0;
            }
        }

        return head;
    }

    /// <summary>The loss of one example; adds its gradient with respect to the projection into <paramref name="gradient"/>.</summary>
    internal static double Accumulate(AlignmentHead head, HeadExample example, float[] gradient, ref float temperatureGradient)
    {
        var d = head.Rank;
        var width = TokenStates.Dimensions;
        var n = example.Question.Content.Count;
        var q = head.Project(example.Question.States, example.Question.Content);
        var dq = new float[q.Length];
        var k = example.Sentences.Count;
        var projected = new float[k][];
        var rows = new IReadOnlyList<int>[k];
        var scores = new double[k];
        var alphas = new float[k][][];
        var es = new float[k][][];
        var supports = new float[k][];
        for (var c = 0; c < k; c++)
        {
            rows[c] = AlignmentHead.SentenceRows(example.Sentences[c]);
            projected[c] = head.Project(example.Sentences[c], rows[c]);
            (supports[c], es[c], alphas[c]) = Align(q, n, projected[c], rows[c].Count, d);
            scores[c] = supports[c].Average();
        }

        // Listwise softmax over the candidates; the right ones share the target.
        var t = head.Temperature;
        var max = scores.Max();
        var p = scores.Select(s => Math.Exp(t * (s - max))).ToArray();
        var z = p.Sum();
        for (var c = 0; c < k; c++)
        {
            p[c] /= z;
        }

        var positive = Enumerable.Range(0, k).Where(c => example.Labels[c]).Sum(c => p[c]);
        var loss = -Math.Log(Math.Max(positive, 1e-12));
        for (var c = 0; c < k; c++)
        {
            var target = example.Labels[c] ? p[c] / positive : 0;
            var dScore = (float)(t * (p[c] - target));
            temperatureGradient += (float)(scores[c] * (p[c] - target));
            var ds = new float[projected[c].Length];
            var m = rows[c].Count;
            for (var i = 0; i < n; i++)
            {
                var dSupport = dScore / n;
                for (var j = 0; j < m; j++)
                {
                    var de = dSupport * alphas[c][i][j] * (1 + (AlignmentHead.Sharpness * (es[c][i][j] - supports[c][i])));
                    if (de == 0)
                    {
                        continue;
                    }

                    TensorPrimitives.MultiplyAdd(projected[c].AsSpan(j * d, d), de, dq.AsSpan(i * d, d), dq.AsSpan(i * d, d));
                    TensorPrimitives.MultiplyAdd(q.AsSpan(i * d, d), de, ds.AsSpan(j * d, d), ds.AsSpan(j * d, d));
                }
            }

            AddOuter(gradient, ds, example.Sentences[c], rows[c], d, width);
        }

        AddOuter(gradient, dq, example.Question.States, example.Question.Content, d, width);
        return loss;
    }

    /// <summary>Soft alignment of every question row with the sentence: supports, matches and weights.</summary>
    internal static (float[] Supports, float[][] E, float[][] Alpha) Align(float[] q, int n, float[] s, int m, int d)
    {
        var supports = new float[n];
        var e = new float[n][];
        var alpha = new float[n][];
        for (var i = 0; i < n; i++)
        {
            e[i] = new float[m];
            alpha[i] = new float[m];
            var max = float.NegativeInfinity;
            for (var j = 0; j < m; j++)
            {
                e[i][j] = TensorPrimitives.Dot(q.AsSpan(i * d, d), s.AsSpan(j * d, d));
                max = Math.Max(max, e[i][j]);
            }

            float sum = 0;
            for (var j = 0; j < m; j++)
            {
                alpha[i][j] = MathF.Exp(AlignmentHead.Sharpness * (e[i][j] - max));
                sum += alpha[i][j];
            }

            float support = 0;
            for (var j = 0; j < m; j++)
            {
                alpha[i][j] /= sum;
                support += alpha[i][j] * e[i][j];
            }

            supports[i] = support;
        }

        return (supports, e, alpha);
    }

    // gradient[k, :] += Σ_r dProjected[r, k] · x_r
    private static void AddOuter(float[] gradient, float[] dProjected, TokenStates states, IReadOnlyList<int> rows, int d, int width)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            var x = states.Row(rows[r]);
            for (var k = 0; k < d; k++)
            {
                var g = dProjected[(r * d) + k];
                if (g != 0)
                {
                    TensorPrimitives.MultiplyAdd(x, g, gradient.AsSpan(k * width, width), gradient.AsSpan(k * width, width));
                }
            }
        }
    }
}
