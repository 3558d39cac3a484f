using Briefer.Cli;
using Briefer.Cli.Eval;
using Briefer.Core.Documents;
using Briefer.Testing;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace Briefer.Tests.Eval;

/// <summary>
/// Hybrid retrieval must beat each of its halves on real data. Hand-made corpora cannot show this: arctic-embed-xs ranks
/// rare names, codes and permuted numbers perfectly on short text, so only real queries show where each half fails.
/// </summary>
public sealed class HybridRetrievalSliceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-slice-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [SharedFact("eval/scifact")]
    public async Task Hybrid_SciFactTrainSlice_BeatsBm25AndDenseOnNdcgAt10()
    {
        var dataset = BeirDataset.Load(EvalFiles.SciFact, "queries.train.jsonl", "qrels.train.tsv").Slice(SciFactSlice.TrainQueryIds, SciFactSlice.DocumentIds);
        using var host = BrieferHost.CreateBuilder(new CliSettings(_dataDirectory, ScopeId.Local, Json: false)).Build();
        await host.StartAsync();

        var report = await RetrievalEvaluation.RunAsync(host.Services, dataset, ScopeId.Local, progress: null, runs: null, CancellationToken.None);
        await host.StopAsync();

        foreach (var m in report.Modes)
        {
            output.WriteLine($"{m.Mode,-7} nDCG@10 {m.NdcgAt10:F4}  MRR@10 {m.MrrAt10:F4}  R@10 {m.RecallAt10:F4}");
        }

        output.WriteLine($"{report.Documents} documents, {report.Chunks} chunks, {report.Queries} queries; ingest {report.IngestTime.TotalSeconds:F1} s, queries {report.QueryTime.TotalSeconds:F1} s");
        var hybrid = report[Core.Retrieval.RetrievalMode.Hybrid].NdcgAt10;
        Assert.Equal(SciFactSlice.TrainQueryIds.Length, report.Queries);
        Assert.True(hybrid > report[Core.Retrieval.RetrievalMode.Keyword].NdcgAt10, $"hybrid {hybrid:F4} <= BM25 {report[Core.Retrieval.RetrievalMode.Keyword].NdcgAt10:F4}");
        Assert.True(hybrid > report[Core.Retrieval.RetrievalMode.Dense].NdcgAt10, $"hybrid {hybrid:F4} <= dense {report[Core.Retrieval.RetrievalMode.Dense].NdcgAt10:F4}");
    }
}
