using System.Text;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Core.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Core.Tests.Answering;

/// <summary>
/// Chunks' analyses kept across questions (<see cref="ChunkAnalyses"/>) must not move a feature by a bit: the shipped
/// answer model reads them. Over a real pipeline (SQLite store, ONNX embeddings, the retriever and the featurizer the
/// selector uses), every row computed with kept analyses is compared with the row computed from the text afresh.
/// </summary>
public sealed class ChunkAnalysesTests : IAsyncLifetime
{
    private static readonly string[] Questions =
    [
        "Why did the US call off the second strike?",
        "How much will the Ocean Avenue bike lanes cost?",
        "When do the EU rules for general-purpose AI models apply?",
        "What happened to oil prices after the Caracas operation?",
        "What is the default of broker.heartbeat_ms?",
        "How do I start the zephyrq broker?",
        "does zephyrq run on macos?",
        "How are clients authenticated?",
    ];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "briefer-tests-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    private IBriefingService Briefing => _services.GetRequiredService<IBriefingService>();

    private HybridRetriever Retriever => _services.GetRequiredService<HybridRetriever>();

    private SentenceSemantics Semantics => _services.GetRequiredService<SentenceSemantics>();

    public async Task InitializeAsync()
    {
        _services = SamplesPipelineFixture.BuildServices(_folder);
        var files = Directory.EnumerateFiles(SamplesPipelineFixture.SamplesDirectory)
            .Append(Path.Combine(AppContext.BaseDirectory, "Answering", "Fixtures", "zephyrq.md"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            await Briefing.IngestAsync(ScopeId.Local, new DocumentSource(file, Path.GetFileName(file), await File.ReadAllBytesAsync(file)), CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task FeaturizeAsync_KeptAnalyses_RowsBitIdenticalToFresh()
    {
        var analyses = new ChunkAnalyses();
        var kept = new AnswerFeaturizer(Semantics, analyses);
        var fresh = new AnswerFeaturizer(Semantics);

        // Twice over: the first pass fills the cache (questions share chunks), the second reads every chunk from it.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var question in Questions)
            {
                var evidence = await Retriever.RetrieveAsync(ScopeId.Local, question, 8);
                AssertSameRows(await fresh.FeaturizeAsync(question, evidence, CancellationToken.None), await kept.FeaturizeAsync(question, evidence, CancellationToken.None));
            }
        }

        Assert.True(analyses.Hits >= Questions.Length * 4, $"hits {analyses.Hits}, misses {analyses.Misses}");
    }

    [Fact]
    public async Task FeaturizeAsync_ConcurrentQuestionsSharingAnalyses_RowsBitIdenticalToFresh()
    {
        var analyses = new ChunkAnalyses();
        var kept = new AnswerFeaturizer(Semantics, analyses);
        var fresh = new AnswerFeaturizer(Semantics);
        var evidence = new Dictionary<string, IReadOnlyList<RetrievedChunk>>();
        foreach (var question in Questions)
        {
            evidence[question] = await Retriever.RetrieveAsync(ScopeId.Local, question, 8);
        }

        var expected = new Dictionary<string, FeaturizedQuestion>();
        foreach (var question in Questions)
        {
            expected[question] = await fresh.FeaturizeAsync(question, evidence[question], CancellationToken.None);
        }

        var runs = Enumerable.Range(0, 4).SelectMany(_ => Questions)
            .Select(q => Task.Run(async () => (q, await kept.FeaturizeAsync(q, evidence[q], CancellationToken.None))));
        foreach (var (question, actual) in await Task.WhenAll(runs))
        {
            AssertSameRows(expected[question], actual);
        }
    }

    [Fact]
    public async Task FeaturizeAsync_DocumentReingestedWithOtherText_AnalysedAfresh()
    {
        const string question = "How long is the rollout window for the billing service?";
        const string source = "notes/rollout.md";
        var analyses = new ChunkAnalyses();
        var kept = new AnswerFeaturizer(Semantics, analyses);
        var fresh = new AnswerFeaturizer(Semantics);
        await IngestAsync(source, "# Rollout\n\nThe billing service rolls out over a window of three days. Each region goes in turn.\n");
        var before = await kept.FeaturizeAsync(question, await Retriever.RetrieveAsync(ScopeId.Local, question, 8), CancellationToken.None);
        Assert.Contains(before.Candidates, c => c.Text.Contains("three days", StringComparison.Ordinal));

        await IngestAsync(source, "# Rollout\n\nThe billing service rolls out over a window of nine days. Each region goes in turn.\n");
        var evidence = await Retriever.RetrieveAsync(ScopeId.Local, question, 8);
        var misses = analyses.Misses;
        var after = await kept.FeaturizeAsync(question, evidence, CancellationToken.None);

        Assert.True(analyses.Misses > misses);
        Assert.Contains(after.Candidates, c => c.Text.Contains("nine days", StringComparison.Ordinal));
        Assert.DoesNotContain(after.Candidates, c => c.Text.Contains("three days", StringComparison.Ordinal));
        AssertSameRows(await fresh.FeaturizeAsync(question, evidence, CancellationToken.None), after);
    }

    private async Task IngestAsync(string source, string text) =>
        await Briefing.IngestAsync(ScopeId.Local, new DocumentSource(source, Path.GetFileName(source), Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    private static void AssertSameRows(FeaturizedQuestion expected, FeaturizedQuestion actual)
    {
        Assert.Equal(expected.Candidates.Select(c => (c.Text, c.Start, c.ChunkRank)), actual.Candidates.Select(c => (c.Text, c.Start, c.ChunkRank)));
        Assert.NotEmpty(expected.Rows);
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            Assert.Equal(Bits(expected.Rows[i]), Bits(actual.Rows[i]));
        }

        var scores = Enumerable.Range(0, expected.Rows.Count).Select(i => (float)i).ToList();
        Assert.Equal(Bits(expected.QuestionRow(scores, scores.Count - 1)), Bits(actual.QuestionRow(scores, scores.Count - 1)));
    }

    private static int[] Bits(float[] row) => [.. row.Select(BitConverter.SingleToInt32Bits)];
}
