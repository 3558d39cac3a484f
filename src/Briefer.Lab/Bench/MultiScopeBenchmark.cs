using System.Diagnostics;
using System.Globalization;
using System.Text;
using Briefer.Cli.Eval;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli.Bench;

/// <summary>What the many-scopes benchmark measured.</summary>
/// <param name="Ask">Every timed <c>ask</c>, through the service as the bot calls it.</param>
/// <param name="AskCached">The asks whose scope's vectors were in memory.</param>
/// <param name="AskLoaded">The asks that had to load their scope's vectors first.</param>
/// <param name="RssMb">Resident memory after the run (VmRSS).</param>
/// <param name="PeakRssMb">Peak resident memory of the whole run, store build included (VmHWM).</param>
/// <param name="ManagedHeapMb">The managed heap after a full collection at the end (what is really held).</param>
/// <param name="RssAfterGcMb">Resident memory after that full collection (garbage arrays of evicted scopes returned).</param>
/// <param name="BaselineRssMb">Resident memory after the first question (runtime, embedding model, one scope): the fixed cost.</param>
/// <param name="GcCommittedMb">Memory the GC keeps committed after that full collection (the heap plus free space it has not returned yet).</param>
/// <param name="DistinctScopes">How many scopes the timed questions touched.</param>
internal sealed record MultiScopeBenchResult(
    int Scopes,
    int ChunksPerScope,
    double ZipfExponent,
    long BudgetBytes,
    int DistinctScopes,
    double BuildSeconds,
    LatencyStats Ask,
    LatencyStats AskCached,
    LatencyStats AskLoaded,
    VectorCacheStats Cache,
    double RssMb,
    double PeakRssMb,
    double ManagedHeapMb,
    double RssAfterGcMb,
    double BaselineRssMb,
    double GcCommittedMb);

/// <summary>
/// Many small scopes, as a bot invited to many servers holds them: <c>scopes</c> × <c>chunksPerScope</c> generated chunks
/// (runs of random SciFact sentences with random unit vectors), then <c>ask</c> questions (SciFact queries, embedded for
/// real) spread over the scopes with a Zipf law (scope of rank r asked with probability ∝ 1 / r^s), as real traffic is:
/// a few busy servers, a long tail of quiet ones. Reports ask latency (split by whether the scope's vectors were cached),
/// the vector cache's hits and evictions, and the process's memory, under the configured <c>Store:VectorCacheBytes</c>.
/// </summary>
internal static class MultiScopeBenchmark
{
    private const int ChunksPerDocument = 20;
    private const int SentencesPerChunk = 7;
    private const string BuiltMarker = "scopes-store.done";

    public static async Task<MultiScopeBenchResult> RunAsync(
        IServiceProvider services, BeirDataset dataset, string folder, int scopes, int chunksPerScope, double zipf, int questions, TextWriter? progress, CancellationToken cancellationToken)
    {
        var store = services.GetService<SqliteDocumentStore>() is { } sqlite && services.GetRequiredService<IDocumentStore>() == sqlite
            ? sqlite
            : throw new InvalidOperationException("The many-scopes benchmark measures the embedded store's vector cache: run it with Store:Provider=Sqlite.");
        var briefing = services.GetRequiredService<IBriefingService>();

        var buildStarted = Stopwatch.GetTimestamp();
        await BuildAsync(services, dataset, folder, scopes, chunksPerScope, progress, cancellationToken).ConfigureAwait(false);
        var buildSeconds = Stopwatch.GetElapsedTime(buildStarted).TotalSeconds;

        var random = new Random(20260112);
        var cdf = ZipfCdf(scopes, zipf);
        var scopeIds = Enumerable.Range(0, scopes).Select(ScopeFor).ToArray();
        var warmUp = Math.Min(questions, 500);
        var all = new List<double>(questions);
        var cached = new List<double>();
        var loaded = new List<double>();
        var touched = new HashSet<int>();
        var baseline = 0.0;
        for (var q = -warmUp; q < questions; q++)
        {
            var rank = Array.BinarySearch(cdf, random.NextDouble());
            rank = rank < 0 ? Math.Min(~rank, scopes - 1) : rank;
            var question = dataset.Queries[random.Next(dataset.Queries.Count)].Text;
            var missesBefore = store.VectorCache.Misses;
            var started = Stopwatch.GetTimestamp();
            await briefing.AskAsync(scopeIds[rank], question, cancellationToken).ConfigureAwait(false);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (q == -warmUp)
            {
                baseline = ResidentMemory.Megabytes("VmRSS:");
            }

            if (q < 0)
            {
                continue;
            }

            touched.Add(rank);
            all.Add(ms);
            (store.VectorCache.Misses == missesBefore ? cached : loaded).Add(ms);
        }

        var rss = ResidentMemory.Megabytes("VmRSS:");
        var peak = ResidentMemory.Megabytes("VmHWM:");
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = Math.Round(GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024.0), 1);
        var rssAfterGc = ResidentMemory.Megabytes("VmRSS:");
        var committed = Math.Round(GC.GetGCMemoryInfo(GCKind.FullBlocking).TotalCommittedBytes / (1024.0 * 1024.0), 1);
        var stats = store.VectorCache;
        return new MultiScopeBenchResult(
            scopes, chunksPerScope, zipf, stats.BudgetBytes, touched.Count, Math.Round(buildSeconds, 1),
            LatencyStats.Of(all), LatencyStats.Of(cached), LatencyStats.Of(loaded), stats, rss, peak, heap, rssAfterGc, baseline, committed);
    }

    /// <summary>The scope of rank <paramref name="rank"/> (rank 0 is the busiest).</summary>
    public static ScopeId ScopeFor(int rank) => new("bench-" + rank.ToString("D5", CultureInfo.InvariantCulture));

    /// <summary>Cumulative probabilities of ranks 0..n-1 under Zipf's law with exponent <paramref name="s"/>.</summary>
    public static double[] ZipfCdf(int n, double s)
    {
        var weights = Enumerable.Range(1, n).Select(r => 1 / Math.Pow(r, s)).ToArray();
        var total = weights.Sum();
        var cdf = new double[n];
        double running = 0;
        for (var i = 0; i < n; i++)
        {
            running += weights[i] / total;
            cdf[i] = running;
        }

        cdf[^1] = 1;
        return cdf;
    }

    private static async Task BuildAsync(IServiceProvider services, BeirDataset dataset, string folder, int scopes, int chunksPerScope, TextWriter? progress, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(folder, BuiltMarker);
        var shape = string.Create(CultureInfo.InvariantCulture, $"{scopes}x{chunksPerScope}");
        if (File.Exists(marker) && (await File.ReadAllTextAsync(marker, cancellationToken).ConfigureAwait(false)).Trim() == shape)
        {
            return;
        }

        var store = services.GetRequiredService<IDocumentStore>();
        var model = services.GetRequiredService<EmbeddingModelInfo>();
        var time = services.GetRequiredService<TimeProvider>();
        var sentences = dataset.Corpus.SelectMany(d => d.Text.Split(". ", StringSplitOptions.RemoveEmptyEntries)).Where(s => s.Length > 20).ToArray();
        var random = new Random(20260111);
        var started = Stopwatch.GetTimestamp();
        for (var s = 0; s < scopes; s++)
        {
            var scope = ScopeFor(s);
            for (var d = 0; d * ChunksPerDocument < chunksPerScope; d++)
            {
                var source = "generated:" + d.ToString(CultureInfo.InvariantCulture);
                var text = new StringBuilder();
                var chunks = new List<ChunkRecord>();
                for (var c = 0; c < ChunksPerDocument && (d * ChunksPerDocument) + c < chunksPerScope; c++)
                {
                    var start = text.Length;
                    for (var k = 0; k < SentencesPerChunk; k++)
                    {
                        text.Append(sentences[random.Next(sentences.Length)]).Append(". ");
                    }

                    var chunkText = text.ToString(start, text.Length - start);
                    chunks.Add(new ChunkRecord(c, start, text.Length, chunkText, chunkText.Length / 4, QueryBenchmark.RandomUnitVector(random, model.Dimensions)));
                }

                var record = new DocumentRecord(DocumentId.For(scope, source), scope, $"Generated document {d} of {scope}", source, null, time.GetUtcNow(), source, chunks.Count, chunks.Sum(c => c.TokenCount));
                await store.UpsertDocumentAsync(record, chunks, cancellationToken).ConfigureAwait(false);
            }

            if (progress is not null && (s + 1) % 50 == 0)
            {
                await progress.WriteLineAsync($"bench scopes: {s + 1}/{scopes} scopes of {chunksPerScope} chunks ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)").ConfigureAwait(false);
            }
        }

        await File.WriteAllTextAsync(marker, shape, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Reads the process's resident memory lines from /proc/self/status (Linux); 0 elsewhere.</summary>
internal static class ResidentMemory
{
    public static double Megabytes(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return Math.Round(long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0, 1);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux.
        }

        return 0;
    }
}
