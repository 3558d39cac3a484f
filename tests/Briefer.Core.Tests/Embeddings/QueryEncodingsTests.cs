using System.Text;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Briefer.Core.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Core.Tests.Embeddings;

[Collection(ArcticModelCollection.Name)]
public sealed class QueryEncodingsTests(ArcticModelFixture fixture)
{
    private const string Question = "How long did the billing migration take?";

    [Fact]
    public async Task EncodeAsync_Query_EmbeddingBitIdenticalToGenerateWithPrefix()
    {
        var queries = new QueryEncodings(fixture.Generator);

        var states = await queries.EncodeAsync(Question, CancellationToken.None);
        var generated = await fixture.Generator.GenerateAsync([ArcticEmbeddingGenerator.ModelInfo.QueryPrefix + Question]);

        Assert.Equal(generated.Single().Vector.ToArray(), states.Embedding.ToArray());
    }

    [Fact]
    public async Task EncodeAsync_Query_StatesBitIdenticalToEncodeTokensWithPrefix()
    {
        var queries = new QueryEncodings(fixture.Generator);

        var states = await queries.EncodeAsync(Question, CancellationToken.None);
        var direct = await fixture.Generator.EncodeTokensAsync(ArcticEmbeddingGenerator.ModelInfo.QueryPrefix + Question);

        Assert.Equal(direct.Ids, states.Ids);
        Assert.Equal(direct.States, states.States);
    }

    [Fact]
    public async Task EncodeAsync_SameQueryTwice_RunsModelOnce()
    {
        var queries = new QueryEncodings(fixture.Generator);
        var before = fixture.Generator.ModelRuns;

        var first = await queries.EncodeAsync(Question, CancellationToken.None);
        var second = await queries.EncodeAsync(Question, CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, queries.ModelRuns);
        Assert.True(fixture.Generator.ModelRuns - before >= 1);
    }

    [Fact]
    public async Task EncodeAsync_PastCapacity_OldestRunsAgain()
    {
        var queries = new QueryEncodings(fixture.Generator, capacity: 2);

        await queries.EncodeAsync("first question", CancellationToken.None);
        await queries.EncodeAsync("second question", CancellationToken.None);
        await queries.EncodeAsync("third question", CancellationToken.None);
        await queries.EncodeAsync("third question", CancellationToken.None);
        await queries.EncodeAsync("first question", CancellationToken.None);

        Assert.Equal(4, queries.ModelRuns);
    }

    [Fact]
    public async Task EmbedQueryAsync_SharedEncodings_VectorBitIdenticalToGenerator()
    {
        var queries = new QueryEncodings(fixture.Generator);
        var plain = new HybridRetriever(new EmptyIndex(), fixture.Generator, ArcticEmbeddingGenerator.ModelInfo);
        var shared = new HybridRetriever(new EmptyIndex(), fixture.Generator, ArcticEmbeddingGenerator.ModelInfo, queries);

        var expected = await plain.EmbedQueryAsync(Question, CancellationToken.None);
        var actual = await shared.EmbedQueryAsync(Question, CancellationToken.None);

        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal(1, queries.ModelRuns);
    }

    // The features the answer model reads must not move by a bit when the question's run is the retriever's.
    [Fact]
    public async Task FeaturizeAsync_QuestionEncodedByRetriever_RowsBitIdenticalToOwnRun()
    {
        var evidence = Evidence(
            "The billing migration took eleven days from start to finish.",
            "Invoices were re-issued afterwards. The team celebrated with cake.");
        var queries = new QueryEncodings(fixture.Generator);
        var retriever = new HybridRetriever(new EmptyIndex(), fixture.Generator, ArcticEmbeddingGenerator.ModelInfo, queries);
        await retriever.EmbedQueryAsync(Question, CancellationToken.None);

        var own = await new AnswerFeaturizer(new SentenceSemantics(fixture.Generator, fixture.Tokenizer)).FeaturizeAsync(Question, evidence, CancellationToken.None);
        var shared = await new AnswerFeaturizer(new SentenceSemantics(fixture.Generator, fixture.Tokenizer, queries: queries)).FeaturizeAsync(Question, evidence, CancellationToken.None);

        Assert.Equal(1, queries.ModelRuns);
        Assert.Equal(own.Rows.Count, shared.Rows.Count);
        Assert.Contains(own.Rows, row => row.Any(v => v != 0));
        for (var i = 0; i < own.Rows.Count; i++)
        {
            Assert.Equal(own.Rows[i], shared.Rows[i]);
        }
    }

    // An ask retrieves and then composes: the question must run through the model once, not once for each.
    [Fact]
    public async Task AskAsync_NewQuestionOverCachedSentences_RunsModelOnce()
    {
        var folder = Path.Combine(Path.GetTempPath(), "briefer-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var services = SamplesPipelineFixture.BuildServices(folder);
            var briefing = services.GetRequiredService<IBriefingService>();
            var generator = services.GetRequiredService<ArcticEmbeddingGenerator>();
            const string text = "The billing migration took eleven days. Invoices were re-issued afterwards.";
            await briefing.IngestAsync(ScopeId.Local, new DocumentSource("notes/billing.txt", "billing.txt", Encoding.UTF8.GetBytes(text)), CancellationToken.None);
            await briefing.AskAsync(ScopeId.Local, "How long did the billing migration take?", CancellationToken.None);

            var before = generator.ModelRuns;
            await briefing.AskAsync(ScopeId.Local, "How many days did the billing migration last?", CancellationToken.None);

            Assert.Equal(1, generator.ModelRuns - before);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static List<RetrievedChunk> Evidence(params string[] texts) =>
        [.. texts.Select((text, i) => new RetrievedChunk(DocumentId.For(ScopeId.Local, "notes/billing.txt"), "Billing", "notes/billing.txt", null, i, 0, text.Length, text, 1.0 / (i + 1), 1, 1))];

    private sealed class EmptyIndex : ISearchIndex
    {
        public Task<IReadOnlyList<RetrievedChunk>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RetrievedChunk>>([]);
    }
}
