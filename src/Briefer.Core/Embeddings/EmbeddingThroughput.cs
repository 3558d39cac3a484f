using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Briefer.Core.Embeddings;

/// <summary>What <see cref="EmbeddingThroughput.MeasureAsync"/> measured.</summary>
/// <param name="Passages">Passages embedded in the timed run.</param>
/// <param name="Tokens">Tokens fed to the model in the timed run, [CLS] and [SEP] included.</param>
/// <param name="TokenizerLoad">Loading the vocabulary and building the tokenizer.</param>
/// <param name="ModelLoad">Reading the ONNX resource and creating the inference session.</param>
/// <param name="Elapsed">The timed run: tokenizing and embedding every passage, one call per passage.</param>
/// <param name="FastestPassage">The quickest single passage; on a busy machine the best estimate of the model's own speed.</param>
/// <param name="MedianPassage">The median single passage.</param>
public sealed record EmbeddingThroughputResult(
    int Passages,
    long Tokens,
    TimeSpan TokenizerLoad,
    TimeSpan ModelLoad,
    TimeSpan Elapsed,
    TimeSpan FastestPassage,
    TimeSpan MedianPassage)
{
    public double TokensPerSecond => Tokens / Elapsed.TotalSeconds;

    /// <summary>Tokens per second at <see cref="FastestPassage"/>'s pace.</summary>
    public double PeakTokensPerSecond => (double)Tokens / Passages / FastestPassage.TotalSeconds;

    public override string ToString() =>
        $"{Passages} passages, {Tokens} tokens in {Elapsed.TotalMilliseconds:F0} ms: {TokensPerSecond:F0} tokens/s " +
        $"(per passage: fastest {FastestPassage.TotalMilliseconds:F1} ms = {PeakTokensPerSecond:F0} tokens/s, median {MedianPassage.TotalMilliseconds:F1} ms); " +
        $"tokenizer load {TokenizerLoad.TotalMilliseconds:F0} ms, model load {ModelLoad.TotalMilliseconds:F0} ms";
}

/// <summary>
/// A re-runnable throughput measurement of <see cref="ArcticEmbeddingGenerator"/> on a fresh instance (so load times
/// are cold within the process), for a <c>bench</c> verb. Not part of the test run.
/// </summary>
public static class EmbeddingThroughput
{
    private const string SampleText =
        "The quarterly operations review covered the migration of the billing service to the new cluster, " +
        "which finished two weeks ahead of schedule after the team resolved a persistent connection-pool leak. " +
        "Latency at the 99th percentile fell from 840 ms to 310 ms, and error rates stayed below 0.1% during the cut-over. " +
        "Remaining risks include the certificate rotation scheduled for March, the dependency on the legacy reporting " +
        "database, and staffing for the on-call rotation while two engineers are on leave. The committee approved " +
        "a budget of $48,000 for load testing and asked for a written rollback plan before the next release. " +
        "Customer support reported fewer tickets about invoices, although complaints about exported PDF formatting " +
        "doubled; the documentation team will publish a guide and a template. Security noted that multi-factor " +
        "authentication now covers every administrative account, and that the penetration test found no critical issues. " +
        "Action items: Priya owns the rollback plan, Marcus the load-test environment, and Léa the vendor contract renewal.";

    /// <summary>
    /// Builds a tokenizer and generator, loads the model, warms up, then embeds <paramref name="passages"/> distinct
    /// passages of at most <paramref name="tokensPerPassage"/> tokens (specials included), one call each, timing each call.
    /// </summary>
    public static async Task<EmbeddingThroughputResult> MeasureAsync(int passages = 64, int tokensPerPassage = 244, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(passages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tokensPerPassage, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tokensPerPassage, BertUncasedTokenizer.ModelMaxTokens);

        var started = Stopwatch.GetTimestamp();
        var tokenizer = new BertUncasedTokenizer();
        var tokenizerLoad = Stopwatch.GetElapsedTime(started);

        using var generator = new ArcticEmbeddingGenerator(tokenizer, NullLogger<ArcticEmbeddingGenerator>.Instance);
        started = Stopwatch.GetTimestamp();
        generator.EnsureLoaded();
        var modelLoad = Stopwatch.GetElapsedTime(started);

        var texts = BuildPassages(tokenizer, passages, tokensPerPassage);
        await generator.GenerateAsync(texts.Take(3), cancellationToken: cancellationToken).ConfigureAwait(false);

        var latencies = new TimeSpan[texts.Count];
        long tokens = 0;
        var runStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < texts.Count; i++)
        {
            started = Stopwatch.GetTimestamp();
            var embeddings = await generator.GenerateAsync([texts[i]], cancellationToken: cancellationToken).ConfigureAwait(false);
            latencies[i] = Stopwatch.GetElapsedTime(started);
            tokens += embeddings.Usage?.InputTokenCount ?? 0;
        }

        var elapsed = Stopwatch.GetElapsedTime(runStarted);
        Array.Sort(latencies);
        return new EmbeddingThroughputResult(passages, tokens, tokenizerLoad, modelLoad, elapsed, latencies[0], latencies[latencies.Length / 2]);
    }

    // Each passage starts at a different word of the sample (wrapping around), so no two inputs are identical,
    // and is cut to the requested token count.
    private static List<string> BuildPassages(BertUncasedTokenizer tokenizer, int count, int tokensPerPassage)
    {
        var words = SampleText.Split(' ');
        var passages = new List<string>(count);
        for (var p = 0; p < count; p++)
        {
            var taken = new List<string>();
            var start = p * 7 % words.Length;
            while (true)
            {
                taken.Add(words[(start + taken.Count) % words.Length]);
                if (tokenizer.CountTokens(string.Join(' ', taken)) > tokensPerPassage)
                {
                    taken.RemoveAt(taken.Count - 1);
                    break;
                }
            }

            passages.Add(string.Join(' ', taken));
        }

        return passages;
    }
}
