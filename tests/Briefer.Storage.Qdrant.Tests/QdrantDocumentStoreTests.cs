using System.Net;
using System.Net.Sockets;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant.Tests;

/// <summary>The store's own logic over the in-memory emulation: start-up, write order, retries and error messages.</summary>
public sealed class QdrantDocumentStoreTests : IDisposable
{
    private const string Secret = "s3cret-api-key";
    private static readonly EmbeddingModelInfo Model = new("test-model", 384, 512, "");
    private static readonly ScopeId Scope = new("guild-1");

    private readonly InMemoryQdrantGateway _gateway = new();
    private readonly QdrantDocumentStore _store;

    public QdrantDocumentStoreTests()
    {
        _store = Create(_gateway);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task InitializeAsync_NoCollection_CreatesItAndItsPayloadIndexes()
    {
        await _store.InitializeAsync(default);

        var create = Assert.Single(_gateway.RequestsOf<CreateCollection>());
        Assert.Equal("briefer_test", create.CollectionName);
        Assert.Equal(
            ["scope", "document_id", "published_at", "kind"],
            _gateway.RequestsOf<CreateFieldIndexCollection>().Select(r => r.FieldName));
    }

    [Fact]
    public async Task InitializeAsync_MatchingCollection_CreatesNothing()
    {
        await _store.InitializeAsync(default);
        using var second = Create(_gateway);
        var before = _gateway.Requests.Count;

        await second.InitializeAsync(default);

        Assert.DoesNotContain(_gateway.Requests.Skip(before), r => r is CreateCollection or CreateFieldIndexCollection);
    }

    [Fact]
    public async Task InitializeAsync_CollectionOfAnotherModel_FailsSayingWhatDiffers()
    {
        _gateway.Seed(QdrantRequests.CreateCollection("briefer_test", Model with { Id = "bigger", Dimensions = 768 }, 128, null, null));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.InitializeAsync(default));

        Assert.Contains("768 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Store:Qdrant:Collection", error.Message, StringComparison.Ordinal);
        Assert.Empty(_gateway.RequestsOf<CreateFieldIndexCollection>());
    }

    [Fact]
    public async Task UpsertDocumentAsync_Replace_UpsertsInBatchesThenDeletesPointsNotJustWritten()
    {
        await _store.InitializeAsync(default);
        var document = Document();
        await _store.UpsertDocumentAsync(document, [Chunk(0), Chunk(1), Chunk(2)], default);
        var start = _gateway.Requests.Count;

        await _store.UpsertDocumentAsync(document, [Chunk(0)], default);

        var writes = _gateway.Requests.Skip(start).ToList();
        var upsert = Assert.IsType<UpsertPoints>(writes[0]); // chunk 0 + marker, batch size 2
        Assert.Equal(2, upsert.Points.Count);
        var delete = Assert.IsType<DeletePoints>(writes[1]);
        Assert.Equal(QdrantRequests.StaleFilter(Scope, document.Id, [.. upsert.Points.Select(p => p.Id)]), delete.Points.Filter);
        Assert.Equal(2, writes.Count);
        Assert.Equal(1, (await _store.GetDocumentAsync(Scope, document.Id, default))!.ChunkCount);
    }

    [Fact]
    public async Task UpsertDocumentAsync_TwoWritersInterleaved_DocumentSurvives()
    {
        // Writer A and writer B ingest the same document at once: A upserts, B upserts, A deletes its stale points,
        // B deletes its stale points. Neither may delete the other's freshly written points.
        await _store.InitializeAsync(default);
        var encoder = new Bm25SparseEncoder(128);
        var a = QdrantRequests.DocumentPoints(Document(), [Chunk(0, "Version A."), Chunk(1, "Version A again.")], encoder);
        var b = QdrantRequests.DocumentPoints(Document(), [Chunk(0, "Version B."), Chunk(1, "Version B again.")], encoder);

        await _gateway.UpsertAsync(new UpsertPoints { CollectionName = "briefer_test", Points = { a } }, default);
        await _gateway.UpsertAsync(new UpsertPoints { CollectionName = "briefer_test", Points = { b } }, default);
        await _gateway.DeleteAsync(QdrantRequests.Delete("briefer_test", QdrantRequests.StaleFilter(Scope, Document().Id, [.. a.Select(p => p.Id)])), default);
        await _gateway.DeleteAsync(QdrantRequests.Delete("briefer_test", QdrantRequests.StaleFilter(Scope, Document().Id, [.. b.Select(p => p.Id)])), default);

        Assert.NotNull(await _store.GetDocumentAsync(Scope, Document().Id, default));
        var texts = (await _store.SearchAsync(new SearchQuery(Scope, "version", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default)).Select(r => r.Text);
        Assert.Equal(["Version B again.", "Version B."], texts.Order());
    }

    [Fact]
    public async Task DeleteDocumentAsync_Missing_SendsNoDelete()
    {
        await _store.InitializeAsync(default);

        var deleted = await _store.DeleteDocumentAsync(Scope, Document().Id, default);

        Assert.False(deleted);
        Assert.Empty(_gateway.RequestsOf<DeletePoints>());
    }

    [Fact]
    public async Task DeleteDocumentAsync_HalfWrittenDocument_DeletesItsChunks()
    {
        await _store.InitializeAsync(default);
        var points = QdrantRequests.DocumentPoints(Document(), [Chunk(0)], new Bm25SparseEncoder(128));
        await _gateway.UpsertAsync(new UpsertPoints { CollectionName = "briefer_test", Points = { points[0] } }, default); // chunk, no marker

        Assert.True(await _store.DeleteDocumentAsync(Scope, Document().Id, default));
        Assert.Empty(await _store.SearchAsync(new SearchQuery(Scope, "", Unit(0), 5, RetrievalMode.Dense), default));
    }

    [Fact]
    public async Task SearchAsync_Hybrid_ReportsEachMethodsScoreFromItsOwnQuery()
    {
        await _store.UpsertDocumentAsync(Document(), [Chunk(0, "The wombat crossed."), Chunk(1, "Nothing here.")], default);

        var results = await _store.SearchAsync(new SearchQuery(Scope, "wombat", Unit(1), 5, CandidatesPerMethod: 5), default);

        var both = Assert.Single(results, r => r.ChunkIndex == 0);
        var denseOnly = Assert.Single(results, r => r.ChunkIndex == 1);
        Assert.NotNull(both.KeywordScore);
        Assert.Equal(0.0, both.DenseScore!.Value, 5);
        Assert.Null(denseOnly.KeywordScore);
        Assert.Equal(1.0, denseOnly.DenseScore!.Value, 5);
        Assert.Equal((1.0 / (ReciprocalRankFusion.DefaultK + 1)) + (1.0 / (ReciprocalRankFusion.DefaultK + 2)), both.Score, 5); // keyword rank 1, dense rank 2
    }

    [Fact]
    public async Task SearchAsync_QueryVectorOfWrongSize_ThrowsBeforeCallingQdrant()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.SearchAsync(new SearchQuery(Scope, "x", new float[10], 5), default));

        Assert.Equal(0, _gateway.Calls);
    }

    [Fact]
    public async Task Calls_TransientFailures_RetriedUntilTheySucceed()
    {
        _gateway.Failures.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "connection refused")));
        _gateway.Failures.Enqueue(new RpcException(new Status(StatusCode.ResourceExhausted, "busy")));

        await _store.InitializeAsync(default);

        Assert.Single(_gateway.RequestsOf<CreateCollection>());
        Assert.Equal(4, _gateway.Requests.Count(r => r is "briefer_test")); // exists ×3 (two failed), then collection info
    }

    [Fact]
    public async Task Calls_ServerStaysDown_ClearErrorNamingTheUrlAfterRetries()
    {
        for (var i = 0; i < 3; i++)
        {
            _gateway.Failures.Enqueue(new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.")));
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.InitializeAsync(default));

        Assert.Contains("not reachable at http://qdrant.internal:6334", error.Message, StringComparison.Ordinal);
        Assert.Contains("tried 3 time(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("QDRANT_URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_InvalidArgument_NotRetried()
    {
        _gateway.Failures.Enqueue(new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.InitializeAsync(default));

        Assert.Equal(1, _gateway.Calls);
        Assert.Contains("Wrong input", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_Unauthenticated_NamesTheSettingNotTheKey()
    {
        _gateway.Failures.Enqueue(new RpcException(new Status(StatusCode.Unauthenticated, "Invalid api-key")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.InitializeAsync(default));

        Assert.Contains("Store:Qdrant:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BackOff_DoublesPerAttemptWithinJitterAndCaps()
    {
        var baseDelay = TimeSpan.FromMilliseconds(200);

        Assert.Equal(TimeSpan.FromMilliseconds(100), QdrantDocumentStore.BackOff(baseDelay, 0, jitter: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(400), QdrantDocumentStore.BackOff(baseDelay, 1, jitter: 1));
        Assert.Equal(TimeSpan.FromMilliseconds(800), QdrantDocumentStore.BackOff(baseDelay, 2, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(30), QdrantDocumentStore.BackOff(baseDelay, 40, jitter: 1));
    }

    [Fact]
    public async Task InitializeAsync_RealGrpcToClosedPort_ClearErrorNamingTheUrl()
    {
        // Real Qdrant.Client gRPC over loopback to a port nothing listens on: the "server is down" path, end to end.
        var port = FreeLoopbackPort();
        using var store = new QdrantDocumentStore(
            Options.Create(new QdrantStoreOptions
            {
                Url = new Uri($"http://127.0.0.1:{port}"),
                ApiKey = Secret,
                Collection = "briefer_test",
                MaxRetries = 1,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                RequestTimeout = TimeSpan.FromSeconds(5),
            }),
            Model,
            TimeProvider.System,
            NullLogger<QdrantDocumentStore>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(default));

        Assert.StartsWith($"Qdrant is not reachable at http://127.0.0.1:{port} (Unavailable", error.Message, StringComparison.Ordinal);
        Assert.Contains("tried 2 time(s)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.IsType<RpcException>(error.InnerException);
    }

    [Fact]
    public async Task CheckIntegrityAsync_RedCollection_SaysDamagedWithTheOptimizerErrorAndWhatToDo()
    {
        await _store.InitializeAsync(default);
        _gateway.Health = (CollectionStatus.Red, "Service internal error: segment 7 is corrupted");

        var problem = await _store.CheckIntegrityAsync(default);

        Assert.NotNull(problem);
        Assert.Contains("'briefer_test' at http://qdrant.internal:6334 is damaged", problem, StringComparison.Ordinal);
        Assert.Contains("segment 7 is corrupted", problem, StringComparison.Ordinal);
        Assert.Contains("ingest the documents again", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CollectionStatus.Green)]
    [InlineData(CollectionStatus.Yellow)]
    public async Task CheckIntegrityAsync_GreenOrOptimizing_NoProblem(CollectionStatus status)
    {
        await _store.InitializeAsync(default);
        _gateway.Health = (status, null);

        Assert.Null(await _store.CheckIntegrityAsync(default));
    }

    private static QdrantDocumentStore Create(InMemoryQdrantGateway gateway) => new(
        Options.Create(new QdrantStoreOptions
        {
            Url = new Uri("http://qdrant.internal:6334"),
            ApiKey = Secret,
            Collection = "briefer_test",
            UpsertBatchSize = 2,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.Zero,
        }),
        Model,
        gateway,
        TimeProvider.System,
        NullLogger<QdrantDocumentStore>.Instance);

    private static DocumentRecord Document() =>
        new(DocumentId.For(Scope, "a.txt"), Scope, "Notes", "a.txt", null, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "sha", 1, 10);

    private static ChunkRecord Chunk(int index, string? text = null)
    {
        text ??= $"Chunk number {index}.";
        return new ChunkRecord(index, index * 30, (index * 30) + text.Length, text, 4, Unit(index));
    }

    private static float[] Unit(int axis)
    {
        var vector = new float[384];
        vector[axis] = 1;
        return vector;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
