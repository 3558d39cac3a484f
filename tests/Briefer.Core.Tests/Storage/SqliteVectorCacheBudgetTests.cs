using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Storage;

/// <summary>The SQLite store under a vector-cache budget smaller than its scopes: answers stay right, memory stays bounded.</summary>
public sealed class SqliteVectorCacheBudgetTests : IDisposable
{
    private const int ChunksPerScope = 40;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-cache-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Search_MoreScopesThanTheBudgetHolds_FindsEveryScopesOwnNearestChunkAndStaysWithinBudget()
    {
        // One scope's snapshot is ~40 × 1.6 KB ≈ 62 KB; a 1 MiB budget holds about 16 of 30.
        using var store = new SqliteDocumentStore(Options.Create(new StoreOptions { DataDirectory = _directory, VectorCacheBytes = 1 << 20 }), DocumentStoreContract.Model, NullLogger<SqliteDocumentStore>.Instance);
        var scopes = Enumerable.Range(0, 30).Select(i => new ScopeId("scope-" + i)).ToList();
        foreach (var (scope, n) in scopes.Select((s, n) => (s, n)))
        {
            var chunks = Enumerable.Range(0, ChunksPerScope).Select(i => new ChunkRecord(i, i * 10, (i * 10) + 9, $"chunk {i} of scope {n}", 5, Axis((n + i) % 384))).ToList();
            var document = new DocumentRecord(DocumentId.For(scope, "doc"), scope, "Doc " + n, "doc", null, DateTimeOffset.UnixEpoch, "h", chunks.Count, 100);
            await store.UpsertDocumentAsync(document, chunks, default);
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var (scope, n) in scopes.Select((s, n) => (s, n)))
            {
                // Chunk 3 of scope n lies on axis n + 3.
                var results = await store.SearchAsync(new SearchQuery(scope, "unused", Axis((n + 3) % 384), 1, RetrievalMode.Dense), default);
                Assert.Equal($"chunk 3 of scope {n}", Assert.Single(results).Text);
            }
        }

        var stats = store.VectorCache;
        Assert.True(stats.Bytes <= stats.BudgetBytes, $"{stats.Bytes} bytes held, budget {stats.BudgetBytes}");
        Assert.InRange(stats.Scopes, 10, 20);
        Assert.True(stats.Evictions >= 30, $"{stats.Evictions} evictions");
    }

    [Fact]
    public async Task Search_AfterAWrite_SeesTheNewChunkEvenWhenTheScopeWasCached()
    {
        using var store = new SqliteDocumentStore(Options.Create(new StoreOptions { DataDirectory = _directory }), DocumentStoreContract.Model, NullLogger<SqliteDocumentStore>.Instance);
        var scope = new ScopeId("fresh");
        await store.UpsertDocumentAsync(new DocumentRecord(DocumentId.For(scope, "one"), scope, "One", "one", null, DateTimeOffset.UnixEpoch, "h1", 1, 5), [new ChunkRecord(0, 0, 3, "one", 1, Axis(1))], default);
        await store.SearchAsync(new SearchQuery(scope, "x", Axis(2), 1, RetrievalMode.Dense), default);

        await store.UpsertDocumentAsync(new DocumentRecord(DocumentId.For(scope, "two"), scope, "Two", "two", null, DateTimeOffset.UnixEpoch, "h2", 1, 5), [new ChunkRecord(0, 0, 3, "two", 1, Axis(2))], default);
        var results = await store.SearchAsync(new SearchQuery(scope, "x", Axis(2), 1, RetrievalMode.Dense), default);

        Assert.Equal("two", Assert.Single(results).Text);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static float[] Axis(int axis)
    {
        var vector = new float[DocumentStoreContract.Model.Dimensions];
        vector[axis] = 1;
        return vector;
    }
}
