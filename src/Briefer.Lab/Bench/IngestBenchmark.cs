using System.Diagnostics;
using System.Text;
using Briefer.Cli.Eval;
using Briefer.Core;
using Briefer.Core.Chunking;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Ingestion;
using Briefer.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli.Bench;

/// <summary>What the ingestion benchmark measured; rates are per second of the whole run or of one stage.</summary>
internal sealed record IngestBenchResult(
    int Documents,
    int Chunks,
    long Tokens,
    double ModelLoadSeconds,
    double ExtractChunkSeconds,
    double EmbedSeconds,
    double StoreSeconds,
    double TotalSeconds,
    double PeakMemoryMb,
    double CpuSeconds,
    string ReferenceEmbedding)
{
    public double DocumentsPerSecond => Documents / TotalSeconds;

    public double ChunksPerSecond => Chunks / TotalSeconds;

    public double TokensPerSecond => Tokens / TotalSeconds;

    /// <summary>Tokens per second of the embed stage alone: the embedding-only throughput on the same inputs.</summary>
    public double EmbedTokensPerSecond => Tokens / EmbedSeconds;

    /// <summary>
    /// Tokens per second of process CPU time, times the core count: what the run would reach with the cores to itself.
    /// On a shared machine wall-clock rates understate the pipeline; this does not (it slightly overstates when ONNX threads spin).
    /// </summary>
    public double TokensPerCpuSecondAllCores => Tokens / CpuSeconds * Environment.ProcessorCount;

    /// <summary>Whole-pipeline throughput as a share of embedding-only throughput.</summary>
    public double PipelineShare => EmbedSeconds / TotalSeconds;
}

/// <summary>
/// Ingests a BEIR corpus through the same steps as <see cref="BriefingService.IngestAsync"/> (load and extract, chunk,
/// embed, store), timing each stage separately.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<IngestBenchResult> RunAsync(IServiceProvider services, IReadOnlyList<BeirDocument> corpus, ScopeId scope, TextWriter? progress, CancellationToken cancellationToken)
    {
        var loader = services.GetRequiredService<DocumentLoader>();
        var chunker = services.GetRequiredService<ITextChunker>();
        var embedder = services.GetRequiredService<ArcticEmbeddingGenerator>();
        var store = services.GetRequiredService<IDocumentStore>();
        var time = services.GetRequiredService<TimeProvider>();

        var loadStarted = Stopwatch.GetTimestamp();
        embedder.EnsureLoaded();
        var modelLoad = Stopwatch.GetElapsedTime(loadStarted);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);

        long extract = 0, embed = 0, write = 0, tokens = 0;
        var chunkCount = 0;
        var cpuStarted = CpuTime();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < corpus.Count; i++)
        {
            var document = corpus[i];
            var source = RetrievalEvaluation.SourceFor(document.Id);
            var t0 = Stopwatch.GetTimestamp();
            var extracted = loader.Load(new DocumentSource(source, document.Id + ".txt", Encoding.UTF8.GetBytes(document.Title + "\n" + document.Text)));
            var chunks = chunker.Chunk(extracted.Text);
            var t1 = Stopwatch.GetTimestamp();
            var embeddings = await embedder.GenerateAsync(chunks.Select(c => BriefingService.EmbeddingText(extracted.Title, c.Text)), cancellationToken: cancellationToken).ConfigureAwait(false);
            var t2 = Stopwatch.GetTimestamp();
            var records = chunks.Select((c, j) => new ChunkRecord(c.Index, c.Start, c.End, c.Text, c.TokenCount, embeddings[j].Vector)).ToList();
            var record = new DocumentRecord(
                DocumentId.For(scope, source), scope, extracted.Title, source, extracted.PublishedAt, time.GetUtcNow(),
                BriefingService.ContentHash(extracted), records.Count, chunks.Sum(c => c.TokenCount));
            await store.UpsertDocumentAsync(record, records, cancellationToken).ConfigureAwait(false);
            var t3 = Stopwatch.GetTimestamp();

            extract += t1 - t0;
            embed += t2 - t1;
            write += t3 - t2;
            tokens += embeddings.Usage?.InputTokenCount ?? 0;
            chunkCount += chunks.Count;
            if (progress is not null && (i + 1) % 500 == 0)
            {
                await progress.WriteLineAsync($"bench ingest: {i + 1}/{corpus.Count} documents ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)").ConfigureAwait(false);
            }
        }

        var total = Stopwatch.GetElapsedTime(started);
        var cpu = CpuTime() - cpuStarted;
        var peak = PeakMemory.Megabytes();

        // The reference, after the peak is read (it loads a second model): the generator alone on its own fixed
        // passages; its fastest single passage is the model's own pace on a busy machine.
        var reference = await EmbeddingThroughput.MeasureAsync(32, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new IngestBenchResult(
            corpus.Count,
            chunkCount,
            tokens,
            Math.Round(modelLoad.TotalSeconds, 2),
            Seconds(extract),
            Seconds(embed),
            Seconds(write),
            Math.Round(total.TotalSeconds, 2),
            peak,
            Math.Round(cpu.TotalSeconds, 2),
            reference.ToString());
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static double Seconds(long ticks) => Math.Round((double)ticks / Stopwatch.Frequency, 2);
}
