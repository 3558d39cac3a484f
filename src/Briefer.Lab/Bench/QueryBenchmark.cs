using System.Diagnostics;
using System.Text;
using Briefer.Cli.Eval;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Cli.Bench;

/// <summary>Warm, in-process latencies of <c>ask</c> or <c>brief</c>, split into stages.</summary>
/// <param name="KeywordOnly">The store's BM25 search alone, same arguments: where retrieval time goes.</param>
/// <param name="DenseOnly">The store's dense search alone, same arguments.</param>
/// <param name="KeywordOnlyCpu">The same BM25 searches in CPU time of the calling thread (Linux; empty elsewhere): what load on a shared machine does not inflate.</param>
/// <param name="KeywordOnePass">The one-pass FTS5 query Briefer used before the two-pass search (bm25() over every matching chunk), on the same questions, interleaved: the reference for the speed-up.</param>
/// <param name="KeywordOnePassCpu">The one-pass query in thread CPU time.</param>
/// <param name="Unfiltered">The store's hybrid search for an audience that reads everything (no visibility filter), interleaved with <paramref name="Filtered"/>.</param>
/// <param name="Filtered">The same search for a member who may not read a tenth of the store (role-scoped documents): the visibility filter's cost.</param>
/// <param name="UnfilteredCpu">The unfiltered searches in thread CPU time (Linux): what load on a shared machine does not inflate.</param>
/// <param name="FilteredCpu">The filtered searches in thread CPU time.</param>
/// <param name="EndToEndAfterWrite">The same questions through the service a third time, right after a one-document write to the store (what a bot that ingests often sees).</param>
/// <param name="KeywordAfterWriteCpu">BM25 alone in thread CPU time on the same questions right after that write: what the write cost the statistics cache.</param>
/// <param name="EmbedQueryCpu">The query embedding in process CPU time (the model's threads included): what load on a shared machine does not inflate.</param>
/// <param name="ComposeCpu">Composition on first sight in process CPU time.</param>
/// <param name="ComposeAgain">Composition of the same question over the same evidence right after (the question's and the sentences' model runs kept): what composing costs besides the model.</param>
/// <param name="ModelRunsPerQuestion">Embedding-model runs per question on first sight, retrieval and composition together.</param>
/// <param name="ComposeAgainCpu">Composition again over the same evidence in process CPU time.</param>
/// <param name="ChunksKeptShare">On first sight, the share of the evidence's chunks whose analysis was kept from an earlier question (<see cref="ChunkAnalyses"/>).</param>
/// <remarks><see cref="Total"/> is first sight (the questions' terms and sentences not seen before); <see cref="EndToEnd"/> second sight (the same questions again).</remarks>
internal sealed record QueryBenchResult(
    string Verb, int StoreChunks, int RealChunks, LatencyStats EmbedQuery, LatencyStats Retrieve, LatencyStats Compose, LatencyStats Total, LatencyStats EndToEnd, LatencyStats KeywordOnly, LatencyStats DenseOnly,
    LatencyStats? KeywordOnlyCpu = null, LatencyStats? KeywordOnePass = null, LatencyStats? KeywordOnePassCpu = null, LatencyStats? Unfiltered = null, LatencyStats? Filtered = null,
    LatencyStats? UnfilteredCpu = null, LatencyStats? FilteredCpu = null, LatencyStats? EndToEndAfterWrite = null, LatencyStats? KeywordAfterWriteCpu = null,
    LatencyStats? EmbedQueryCpu = null, LatencyStats? ComposeCpu = null, LatencyStats? ComposeAgain = null, double? ModelRunsPerQuestion = null,
    LatencyStats? ComposeAgainCpu = null, double? ChunksKeptShare = null)
{
    /// <summary>Compose p50 over query-embedding p50, in the same run (issue 18's measure of compose's cost).</summary>
    public double? ComposeToEmbedP50 => EmbedQuery.P50 > 0 ? Compose.P50 / EmbedQuery.P50 : null;

    /// <summary>Compose p95 over query-embedding p95.</summary>
    public double? ComposeToEmbedP95 => EmbedQuery.P95 > 0 ? Compose.P95 / EmbedQuery.P95 : null;

    /// <summary>The same ratio of means in process CPU time.</summary>
    public double? ComposeToEmbedCpu => EmbedQueryCpu is { Mean: > 0 } e && ComposeCpu is { } c ? c.Mean / e.Mean : null;

    /// <summary>Filtered p95 over unfiltered p95 (1.0 = the filter costs nothing); null when not measured.</summary>
    public double? FilteredP95Ratio => Unfiltered is { P95: > 0 } u && Filtered is { } f ? f.P95 / u.P95 : null;

    /// <summary>The same ratio in thread CPU time.</summary>
    public double? FilteredCpuP95Ratio => UnfilteredCpu is { P95: > 0 } u && FilteredCpu is { } f ? f.P95 / u.P95 : null;
}

/// <summary>
/// Builds a store of a given size and times <c>ask</c> and <c>brief</c> on it. The store holds real SciFact documents
/// (embedded by the model), grown to the target size with generated chunks: each is a run of random sentences drawn
/// from the whole SciFact corpus (so BM25 posting lists have realistic lengths) with a random unit vector (dense search
/// is an exact scan, so its cost does not depend on the vectors' values). Questions are SciFact queries, embedded for real.
/// A tenth of the generated documents are visible to one channel and a tenth to one role, so visibility filters have
/// something to exclude.
/// </summary>
internal static class QueryBenchmark
{
    private const int GrowthChunksPerDocument = 4;
    private const int SentencesPerGrowthChunk = 7;

    /// <summary>The channel and the role the restricted generated documents are visible to.</summary>
    private static readonly AudienceChannelId BenchChannel = new(1001);
    private static readonly AudienceRoleId BenchRole = new(2002);

    /// <summary>A member who reads the channel's documents but does not hold the role: a tenth of the store is hidden from them.</summary>
    internal static readonly ReaderAudience FilteredAudience = ReaderAudience.Of([BenchChannel], []);

    /// <summary>
    /// Ingests <paramref name="realDocuments"/> real documents, then adds generated chunks until the store holds
    /// <paramref name="targetChunks"/>; returns (total, real) chunk counts. A store already built in <paramref name="folder"/>
    /// with the same shape is reused.
    /// </summary>
    public static async Task<(int Total, int Real)> BuildStoreAsync(IServiceProvider services, BeirDataset dataset, ScopeId scope, int targetChunks, int realDocuments, string folder, TextWriter? progress, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(folder, "latency-store.done");
        var shape = $"{scope} {targetChunks} {realDocuments} restricted-v1";
        if (File.Exists(marker) && File.ReadAllLines(marker) is [var built, var counts] && built == shape && counts.Split(' ') is [var t, var r])
        {
            return (int.Parse(t, System.Globalization.CultureInfo.InvariantCulture), int.Parse(r, System.Globalization.CultureInfo.InvariantCulture));
        }

        var briefing = services.GetRequiredService<IBriefingService>();
        var store = services.GetRequiredService<IDocumentStore>();
        var model = services.GetRequiredService<EmbeddingModelInfo>();
        var time = services.GetRequiredService<TimeProvider>();
        var real = 0;
        foreach (var document in dataset.Corpus.Take(realDocuments))
        {
            if (real >= targetChunks)
            {
                break;
            }

            var source = RetrievalEvaluation.SourceFor(document.Id);
            var result = await briefing.IngestAsync(scope, new DocumentSource(source, document.Id + ".txt", Encoding.UTF8.GetBytes(document.Title + "\n" + document.Text)), cancellationToken).ConfigureAwait(false);
            real += result.ChunkCount;
        }

        var sentences = dataset.Corpus.SelectMany(d => d.Text.Split(". ", StringSplitOptions.RemoveEmptyEntries)).Where(s => s.Length > 20).ToArray();
        var random = new Random(20260109);
        var total = real;
        var documentNumber = 0;
        var started = Stopwatch.GetTimestamp();
        while (total < targetChunks)
        {
            var source = $"generated:{documentNumber++}";
            var chunks = new List<ChunkRecord>();
            var text = new StringBuilder();
            for (var c = 0; c < GrowthChunksPerDocument && total + chunks.Count < targetChunks; c++)
            {
                var start = text.Length;
                for (var s = 0; s < SentencesPerGrowthChunk; s++)
                {
                    text.Append(sentences[random.Next(sentences.Length)]).Append(". ");
                }

                var chunkText = text.ToString(start, text.Length - start);
                chunks.Add(new ChunkRecord(c, start, text.Length, chunkText, chunkText.Length / 4, RandomUnitVector(random, model.Dimensions)));
            }

            var visibility = (documentNumber % 10) switch
            {
                0 => Visibility.ForChannel(BenchChannel),
                5 => Visibility.ForRoles([BenchRole]),
                _ => Visibility.Everyone,
            };
            var record = new DocumentRecord(DocumentId.For(scope, source), scope, "Generated document " + documentNumber, source, null, time.GetUtcNow(), source, chunks.Count, chunks.Sum(c => c.TokenCount)) { Visibility = visibility };
            await store.UpsertDocumentAsync(record, chunks, cancellationToken).ConfigureAwait(false);
            total += chunks.Count;
            if (progress is not null && documentNumber % 5000 == 0)
            {
                await progress.WriteLineAsync($"bench store: {total}/{targetChunks} chunks ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)").ConfigureAwait(false);
            }
        }

        await File.WriteAllLinesAsync(marker, [shape, $"{total} {real}"], cancellationToken).ConfigureAwait(false);
        return (total, real);
    }

    /// <summary>Times <paramref name="questions"/> asks (or briefs), after a warm-up, stage by stage and end to end.</summary>
    public static async Task<QueryBenchResult> RunAsync(IServiceProvider services, ScopeId scope, IReadOnlyList<string> questions, bool brief, (int Total, int Real) size, CancellationToken cancellationToken)
    {
        var retriever = services.GetRequiredService<HybridRetriever>();
        var store = services.GetRequiredService<IDocumentStore>();
        var composer = services.GetRequiredService<IAnswerComposer>();
        var briefing = services.GetRequiredService<IBriefingService>();
        var options = services.GetRequiredService<IOptions<AnswerOptions>>().Value;
        var model = services.GetRequiredService<ArcticEmbeddingGenerator>();
        var analyses = services.GetRequiredService<ChunkAnalyses>();
        long kept = 0, analysed = 0;

        // The same calls, with the same arguments, as BriefingService.AskAsync / BriefAsync.
        var limit = brief ? options.BriefChunks : options.AnswerChunks;
        var candidates = brief ? Math.Max(50, options.BriefChunks * 2) : 50;

        async Task ComposeAsync(string question, IReadOnlyList<RetrievedChunk> evidence)
        {
            if (brief)
            {
                await composer.ComposeBriefAsync(question, evidence, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await composer.ComposeAnswerAsync(question, evidence, cancellationToken).ConfigureAwait(false);
            }
        }

        async Task<(double Embed, double Retrieve, double Compose, double EmbedCpu, double ComposeCpu, double Again, double AgainCpu)> OnceAsync(string question)
        {
            var cpu0 = Environment.CpuUsage.TotalTime;
            var t0 = Stopwatch.GetTimestamp();
            var vector = await retriever.EmbedQueryAsync(question, cancellationToken).ConfigureAwait(false);
            var t1 = Stopwatch.GetTimestamp();
            var cpu1 = Environment.CpuUsage.TotalTime;
            var evidence = await store.SearchAsync(new SearchQuery(scope, question, vector, limit, RetrievalMode.Hybrid, candidates), cancellationToken).ConfigureAwait(false);
            var cpu2 = Environment.CpuUsage.TotalTime;
            var t2 = Stopwatch.GetTimestamp();
            var (hits, misses) = (analyses.Hits, analyses.Misses);
            await ComposeAsync(question, evidence).ConfigureAwait(false);
            kept += analyses.Hits - hits;
            analysed += analyses.Misses - misses;
            var t3 = Stopwatch.GetTimestamp();
            var cpu3 = Environment.CpuUsage.TotalTime;
            await ComposeAsync(question, evidence).ConfigureAwait(false);
            var t4 = Stopwatch.GetTimestamp();
            var cpu4 = Environment.CpuUsage.TotalTime;
            return (Ms(t1 - t0), Ms(t2 - t1), Ms(t3 - t2), (cpu1 - cpu0).TotalMilliseconds, (cpu3 - cpu2).TotalMilliseconds, Ms(t4 - t3), (cpu4 - cpu3).TotalMilliseconds);
        }

        foreach (var question in questions.Take(10))
        {
            await OnceAsync(question).ConfigureAwait(false);
        }

        var embed = new List<double>();
        var retrieve = new List<double>();
        var compose = new List<double>();
        var total = new List<double>();
        var embedCpu = new List<double>();
        var composeCpu = new List<double>();
        var composeAgain = new List<double>();
        var composeAgainCpu = new List<double>();
        var runsBefore = model.ModelRuns;
        (kept, analysed) = (0, 0);
        foreach (var question in questions)
        {
            var (e, r, c, ec, cc, again, againCpu) = await OnceAsync(question).ConfigureAwait(false);
            composeAgainCpu.Add(againCpu);
            embed.Add(e);
            retrieve.Add(r);
            compose.Add(c);
            total.Add(e + r + c);
            embedCpu.Add(ec);
            composeCpu.Add(cc);
            composeAgain.Add(again);
        }

        var runsPerQuestion = (double)(model.ModelRuns - runsBefore) / questions.Count;

        // And through the service itself, as the bot and the CLI call it: second sight.
        async Task<List<double>> ViaServiceAsync()
        {
            var latencies = new List<double>();
            foreach (var question in questions)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (brief)
                {
                    await briefing.BriefAsync(scope, question, null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await briefing.AskAsync(scope, question, cancellationToken).ConfigureAwait(false);
                }

                latencies.Add(Ms(Stopwatch.GetTimestamp() - t0));
            }

            return latencies;
        }

        var endToEnd = await ViaServiceAsync().ConfigureAwait(false);

        // Once more right after a write (a bot ingests while members ask), then the write is undone so the store keeps its shape.
        var written = await WriteOneDocumentAsync(services, scope, cancellationToken).ConfigureAwait(false);
        var keywordAfterWriteCpu = new List<double>();
        foreach (var question in questions)
        {
            var cpu = ThreadCpu.Milliseconds();
            await store.SearchAsync(new SearchQuery(scope, question, ReadOnlyMemory<float>.Empty, Math.Max(limit, candidates), RetrievalMode.Keyword, candidates), cancellationToken).ConfigureAwait(false);
            keywordAfterWriteCpu.Add(ThreadCpu.Milliseconds() - cpu);
        }

        var afterWrite = await ViaServiceAsync().ConfigureAwait(false);
        await store.DeleteDocumentAsync(scope, written, cancellationToken).ConfigureAwait(false);

        // The visibility filter's cost: the same hybrid search (what the filter changes; composition then reads as many
        // chunks either way) for the operator (no filter) and for a member who may not read the role's documents,
        // interleaved question by question so load on a shared machine hits both alike; in wall and thread CPU time.
        var unfiltered = new List<double>();
        var filtered = new List<double>();
        var unfilteredCpu = new List<double>();
        var filteredCpu = new List<double>();
        foreach (var question in questions)
        {
            var vector = await retriever.EmbedQueryAsync(question, cancellationToken).ConfigureAwait(false);
            foreach (var audience in (ReaderAudience[])[ReaderAudience.Everything, FilteredAudience])
            {
                // The process's CPU time, not the thread's: the search resumes on other threads and scans vectors on one.
                var cpu = Environment.CpuUsage.TotalTime;
                var t0 = Stopwatch.GetTimestamp();
                await store.SearchAsync(new SearchQuery(scope, question, vector, limit, RetrievalMode.Hybrid, candidates) { Audience = audience }, cancellationToken).ConfigureAwait(false);
                (audience.SeesEverything ? unfiltered : filtered).Add(Ms(Stopwatch.GetTimestamp() - t0));
                (audience.SeesEverything ? unfilteredCpu : filteredCpu).Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
            }
        }

        // Where retrieval time goes: each half of the hybrid search alone, and BM25 as one FTS5 pass for reference.
        var keywordOnly = new List<double>();
        var keywordCpu = new List<double>();
        var denseOnly = new List<double>();
        var onePass = new List<double>();
        var onePassCpu = new List<double>();
        await using var reference = OnePassBm25.Open(services);
        foreach (var question in questions)
        {
            var vector = await retriever.EmbedQueryAsync(question, cancellationToken).ConfigureAwait(false);
            var cpu = ThreadCpu.Milliseconds();
            var t0 = Stopwatch.GetTimestamp();
            await store.SearchAsync(new SearchQuery(scope, question, vector, Math.Max(limit, candidates), RetrievalMode.Keyword, candidates), cancellationToken).ConfigureAwait(false);
            keywordOnly.Add(Ms(Stopwatch.GetTimestamp() - t0));
            keywordCpu.Add(ThreadCpu.Milliseconds() - cpu);

            t0 = Stopwatch.GetTimestamp();
            await store.SearchAsync(new SearchQuery(scope, question, vector, Math.Max(limit, candidates), RetrievalMode.Dense, candidates), cancellationToken).ConfigureAwait(false);
            denseOnly.Add(Ms(Stopwatch.GetTimestamp() - t0));

            if (reference is not null)
            {
                cpu = ThreadCpu.Milliseconds();
                t0 = Stopwatch.GetTimestamp();
                reference.Search(scope, question, Math.Max(limit, candidates));
                onePass.Add(Ms(Stopwatch.GetTimestamp() - t0));
                onePassCpu.Add(ThreadCpu.Milliseconds() - cpu);
            }
        }

        return new QueryBenchResult(
            brief ? "brief" : "ask", size.Total, size.Real, LatencyStats.Of(embed), LatencyStats.Of(retrieve), LatencyStats.Of(compose), LatencyStats.Of(total), LatencyStats.Of(endToEnd),
            LatencyStats.Of(keywordOnly), LatencyStats.Of(denseOnly), LatencyStats.Of(keywordCpu), LatencyStats.Of(onePass), LatencyStats.Of(onePassCpu),
            LatencyStats.Of(unfiltered), LatencyStats.Of(filtered), LatencyStats.Of(unfilteredCpu), LatencyStats.Of(filteredCpu), LatencyStats.Of(afterWrite), LatencyStats.Of(keywordAfterWriteCpu),
            LatencyStats.Of(embedCpu), LatencyStats.Of(composeCpu), LatencyStats.Of(composeAgain), runsPerQuestion,
            LatencyStats.Of(composeAgainCpu), kept + analysed > 0 ? kept / (double)(kept + analysed) : null);
    }

    private static async Task<DocumentId> WriteOneDocumentAsync(IServiceProvider services, ScopeId scope, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        var model = services.GetRequiredService<EmbeddingModelInfo>();
        const string text = "A note written while members ask: the harbour ferry timetable changes next week.";
        var id = DocumentId.For(scope, "bench:write");
        var document = new DocumentRecord(id, scope, "Bench write", "bench:write", null, DateTimeOffset.UtcNow, "bench-write", 1, 16);
        await store.UpsertDocumentAsync(document, [new ChunkRecord(0, 0, text.Length, text, 16, RandomUnitVector(new Random(7), model.Dimensions))], cancellationToken).ConfigureAwait(false);
        return id;
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    internal static float[] RandomUnitVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        double norm = 0;
        for (var i = 0; i < dimensions; i++)
        {
            // Box-Muller: Gaussian components give directions uniform on the sphere.
            var value = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            vector[i] = (float)value;
            norm += value * value;
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimensions; i++)
        {
            vector[i] *= scale;
        }

        return vector;
    }
}
