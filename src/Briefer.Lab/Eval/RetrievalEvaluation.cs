using System.Diagnostics;
using System.Text;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli.Eval;

/// <summary>What <see cref="RetrievalEvaluation.RunAsync"/> measured: one row per mode (BM25, dense, hybrid).</summary>
internal sealed record RetrievalReport(int Documents, int Chunks, int Queries, TimeSpan IngestTime, TimeSpan QueryTime, IReadOnlyList<RetrievalScores> Modes)
{
    public RetrievalScores this[RetrievalMode mode] => Modes.Single(m => m.Mode == RetrievalEvaluation.ModeName(mode));
}

/// <summary>
/// Runs a BEIR dataset through the real pipeline: every document is ingested (as a text file whose first line is the
/// title, so the body is <c>title + "\n" + text</c>), every query is run in BM25, dense and hybrid mode, chunk hits are
/// mapped back to their document (best rank per document), and the TREC metrics are averaged.
/// </summary>
/// <remarks>
/// nDCG@10, Recall@10 and MRR@10 come from a call shaped like <c>ask</c>'s (fusion over the store's default
/// candidates per method); Recall@100 from a deep call that asks for <see cref="DeepChunks"/> chunks.
/// </remarks>
internal static class RetrievalEvaluation
{
    /// <summary>Chunks asked for in the deep call, enough to fill 100 distinct documents on SciFact (≤ 8 chunks a document, most 1–2).</summary>
    public const int DeepChunks = 300;

    /// <summary>Chunks asked for in the top-10 call: enough for 10 distinct documents.</summary>
    public const int Top10Chunks = 40;

    public static string ModeName(RetrievalMode mode) => mode switch
    {
        RetrievalMode.Keyword => "bm25",
        RetrievalMode.Dense => "dense",
        _ => "hybrid",
    };

    /// <summary>The source name a corpus document is ingested under; with the scope it fixes the stored document id.</summary>
    public static string SourceFor(string corpusId) => "beir:" + corpusId;

    public static async Task<RetrievalReport> RunAsync(
        IServiceProvider services,
        BeirDataset dataset,
        ScopeId scope,
        TextWriter? progress,
        TextWriter? runs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(dataset);
        var briefing = services.GetRequiredService<IBriefingService>();
        var retriever = services.GetRequiredService<HybridRetriever>();
        var store = services.GetRequiredService<IDocumentStore>();

        var corpusIds = new Dictionary<DocumentId, string>();
        var chunks = 0;
        var ingestStarted = Stopwatch.GetTimestamp();
        foreach (var document in dataset.Corpus)
        {
            var source = SourceFor(document.Id);
            corpusIds[DocumentId.For(scope, source)] = document.Id;
            var bytes = Encoding.UTF8.GetBytes(document.Title + "\n" + document.Text);
            var result = await briefing.IngestAsync(scope, new DocumentSource(source, document.Id + ".txt", bytes), cancellationToken).ConfigureAwait(false);
            chunks += result.ChunkCount;
            if (progress is not null && corpusIds.Count % 500 == 0)
            {
                await progress.WriteLineAsync($"ingested {corpusIds.Count}/{dataset.Corpus.Count} documents ({Stopwatch.GetElapsedTime(ingestStarted).TotalSeconds:F0} s)").ConfigureAwait(false);
            }
        }

        var ingestTime = Stopwatch.GetElapsedTime(ingestStarted);
        RetrievalMode[] modes = [RetrievalMode.Keyword, RetrievalMode.Dense, RetrievalMode.Hybrid];
        var perMode = modes.ToDictionary(m => m, _ => new List<(IReadOnlyList<string>, IReadOnlyList<string>, IReadOnlyDictionary<string, int>)>());
        var queryStarted = Stopwatch.GetTimestamp();
        foreach (var query in dataset.Queries)
        {
            var relevant = dataset.Judgements[query.Id];
            var vector = await retriever.EmbedQueryAsync(query.Text, cancellationToken).ConfigureAwait(false);
            foreach (var mode in modes)
            {
                var deep = await store.SearchAsync(new SearchQuery(scope, query.Text, vector, DeepChunks, mode), cancellationToken).ConfigureAwait(false);
                var top = mode == RetrievalMode.Hybrid
                    ? await store.SearchAsync(new SearchQuery(scope, query.Text, vector, Top10Chunks, mode), cancellationToken).ConfigureAwait(false)
                    : deep;
                perMode[mode].Add((ToDocuments(top, corpusIds, 10), ToDocuments(deep, corpusIds, 100), relevant));
                if (runs is not null)
                {
                    await WriteRunAsync(runs, query.Id, mode, deep, corpusIds).ConfigureAwait(false);
                }
            }
        }

        return new RetrievalReport(
            dataset.Corpus.Count,
            chunks,
            dataset.Queries.Count,
            ingestTime,
            Stopwatch.GetElapsedTime(queryStarted),
            [.. modes.Select(m => RetrievalScores.Mean(ModeName(m), perMode[m]))]);
    }

    /// <summary>Distinct corpus ids in order of their best-ranked chunk, at most <paramref name="limit"/>.</summary>
    private static List<string> ToDocuments(IReadOnlyList<RetrievedChunk> chunks, Dictionary<DocumentId, string> corpusIds, int limit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ranked = new List<string>(limit);
        foreach (var chunk in chunks)
        {
            if (corpusIds.TryGetValue(chunk.DocumentId, out var id) && seen.Add(id))
            {
                ranked.Add(id);
                if (ranked.Count == limit)
                {
                    break;
                }
            }
        }

        return ranked;
    }

    // One JSON line per query and mode: the ranked chunks with their corpus id, for offline analysis of fusion.
    private static async Task WriteRunAsync(TextWriter runs, string queryId, RetrievalMode mode, IReadOnlyList<RetrievedChunk> chunks, Dictionary<DocumentId, string> corpusIds)
    {
        var hits = chunks.Select(c => new RunHitJson(corpusIds.GetValueOrDefault(c.DocumentId, c.DocumentId.Value), c.ChunkIndex, c.Score)).ToList();
        await runs.WriteLineAsync(EvalJson.SerializeLine(new RunJson(queryId, ModeName(mode), hits))).ConfigureAwait(false);
    }
}
