using System.Globalization;
using System.Text;
using Briefer.Core.Chunking;
using Microsoft.Extensions.AI;

namespace Briefer.Llm.Tests;

/// <summary>One labelled claim: does <see cref="Passage"/> support <see cref="Claim"/>?</summary>
internal sealed record LabelledClaim(string Claim, string Passage, bool Supported, string Kind);

/// <summary>How well one score separates supported from unsupported claims.</summary>
/// <param name="PrecisionAtDefault">Of the claims kept at the default threshold, the share that are supported.</param>
internal sealed record Separation(string Score, double Auc, double BestThreshold, double BestAccuracy, double AccuracyAtDefault, double PrecisionAtDefault)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Score,-28} AUC {Auc:0.000}  best threshold {BestThreshold:0.000} → accuracy {BestAccuracy:0.000}  at default: accuracy {AccuracyAtDefault:0.000}, precision {PrecisionAtDefault:0.000}");
}

/// <summary>
/// Measures the two candidate support scores of the citation check on labelled claims: lexical (the share of the
/// claim's stemmed content terms in the best one or two sentences of the cited chunk, what <see cref="CitationChecker"/>
/// uses) and embedding (the cosine between the claim and the best sentence of the chunk, snowflake-arctic-embed-xs).
/// </summary>
internal static class SupportMeasurement
{
    public static double Lexical(LabelledClaim claim) => CitationChecker.Support(claim.Claim, claim.Passage);

    public static async Task<IReadOnlyList<double>> EmbeddingAsync(IReadOnlyList<LabelledClaim> claims)
    {
        var generator = SharedEmbeddings.Instance;
        var cache = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var scores = new List<double>();
        foreach (var claim in claims)
        {
            var sentences = SentenceSplitter.Split(claim.Passage).Select(r => claim.Passage[r.Start..r.End]).ToList();
            var vectors = await EmbedAsync(generator, cache, [claim.Claim, .. sentences]);
            scores.Add(vectors.Skip(1).Max(v => Dot(vectors[0], v)));
        }

        return scores;
    }

    /// <summary>Whether the real <see cref="CitationChecker"/> (both scores, default thresholds) keeps each claim cited to its passage.</summary>
    public static async Task<IReadOnlyList<double>> CheckerAsync(IReadOnlyList<LabelledClaim> claims)
    {
        var checker = new CitationChecker(embeddings: SharedEmbeddings.Instance);
        var kept = new List<double>();
        foreach (var claim in claims)
        {
            var chunk = Samples.Injection() with { Text = claim.Passage };
            var result = await checker.CheckAsync(claim.Claim + " [1]", [chunk], CancellationToken.None);
            kept.Add(result.Kept.Count);
        }

        return kept;
    }

    public static Separation Separate(string name, IReadOnlyList<LabelledClaim> claims, IReadOnlyList<double> scores, double defaultThreshold)
    {
        var positives = scores.Where((_, i) => claims[i].Supported).ToList();
        var negatives = scores.Where((_, i) => !claims[i].Supported).ToList();
        var auc = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0.0)) / (positives.Count * (double)negatives.Count);
        var best = scores.Distinct().Select(t => (Threshold: t, Accuracy: Accuracy(claims, scores, t))).MaxBy(x => x.Accuracy);
        var kept = Enumerable.Range(0, claims.Count).Where(i => scores[i] >= defaultThreshold).ToList();
        var precision = kept.Count == 0 ? 0 : kept.Count(i => claims[i].Supported) / (double)kept.Count;
        return new Separation(name, auc, best.Threshold, best.Accuracy, Accuracy(claims, scores, defaultThreshold), precision);
    }

    public static double Accuracy(IReadOnlyList<LabelledClaim> claims, IReadOnlyList<double> scores, double threshold) =>
        claims.Where((c, i) => (scores[i] >= threshold) == c.Supported).Count() / (double)claims.Count;

    public static string Table(IReadOnlyList<LabelledClaim> claims, IReadOnlyList<double> lexical, IReadOnlyList<double>? embedding)
    {
        var text = new StringBuilder();
        for (var i = 0; i < claims.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(claims[i].Supported ? "yes" : "no "),-4}{claims[i].Kind,-12}lex {lexical[i]:0.00}");
            if (embedding is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"  emb {embedding[i]:0.000}");
            }

            text.Append("  ").AppendLine(claims[i].Claim);
        }

        return text.ToString();
    }

    private static async Task<IReadOnlyList<float[]>> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, Dictionary<string, float[]> cache, IReadOnlyList<string> texts)
    {
        var missing = texts.Where(t => !cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var generated = await generator.GenerateAsync(missing);
            for (var i = 0; i < missing.Count; i++)
            {
                cache[missing[i]] = generated[i].Vector.ToArray();
            }
        }

        return texts.Select(t => cache[t]).ToList();
    }

    private static double Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
