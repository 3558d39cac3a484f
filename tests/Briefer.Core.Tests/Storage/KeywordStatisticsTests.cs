using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Storage;

/// <summary>
/// The BM25 document frequencies the SQLite store caches: kept across its own writes, moved by exactly what each write
/// added and removed (so scores stay FTS5's bm25() to the last digit), and cleared when another process wrote.
/// </summary>
public sealed class KeywordStatisticsTests : IClassFixture<Fts5KeywordSearchTests.LargeScope>
{
    private const string Query = "harbour ferry quokka lantern";
    private static readonly IReadOnlyList<string> Terms = KeywordAnalyzer.AnalyzeQuery(Query);
    private readonly Fts5KeywordSearchTests.LargeScope _scope;

    public KeywordStatisticsTests(Fts5KeywordSearchTests.LargeScope scope) => _scope = scope;

    [Fact]
    public async Task Search_AfterTheStoresOwnAddReplaceAndDelete_KeepsTheCacheAndItStaysExact()
    {
        var store = _scope.Store;
        await AssertExactAsync(store);
        var warm = store.KeywordStatistics.Cached;

        var scope = Fts5KeywordSearchTests.LargeScope.Scope;
        await store.UpsertDocumentAsync(Document(scope, "added", 2), [Chunk(0, "quokka ferry harbour"), Chunk(1, "lantern ferry")], default);
        await store.UpsertDocumentAsync(Document(scope, "doc3", 1), [Chunk(0, "quokka quokka")], default);
        Assert.True(await store.DeleteDocumentAsync(scope, DocumentId.For(scope, "doc4"), default));

        var after = store.KeywordStatistics.Cached;
        Assert.Equal(warm.Version + 3, after.Version);
        Assert.True(after.Terms >= Terms.Count);
        foreach (var term in Terms)
        {
            Assert.Equal(VocabularyFrequency(store, term), store.KeywordStatistics.CachedFrequency(term));
        }

        await AssertExactAsync(store);
    }

    [Fact]
    public async Task Search_AfterAnotherProcessWrote_ClearsTheCacheAndStaysExact()
    {
        var scope = new ScopeId("other-process");
        await AssertExactAsync(_scope.Store);
        using (var other = new SqliteDocumentStore(Options.Create(new StoreOptions { DataDirectory = Path.GetDirectoryName(_scope.Store.DatabasePath)! }), DocumentStoreContract.Model, NullLogger<SqliteDocumentStore>.Instance))
        {
            await other.UpsertDocumentAsync(Document(scope, "x", 1), [Chunk(0, "quokka lantern lantern")], default);
        }

        await _scope.Store.SearchAsync(new SearchQuery(Fts5KeywordSearchTests.LargeScope.Scope, "zebu", ReadOnlyMemory<float>.Empty, 5, RetrievalMode.Keyword), default);

        var zebu = KeywordAnalyzer.AnalyzeQuery("zebu").Single();
        Assert.Null(_scope.Store.KeywordStatistics.CachedFrequency(Terms[2]));
        Assert.Equal(VocabularyFrequency(_scope.Store, zebu), _scope.Store.KeywordStatistics.CachedFrequency(zebu));
        await AssertExactAsync(_scope.Store);
    }

    private async Task AssertExactAsync(SqliteDocumentStore store)
    {
        var results = await store.SearchAsync(new SearchQuery(Fts5KeywordSearchTests.LargeScope.Scope, Query, ReadOnlyMemory<float>.Empty, 20, RetrievalMode.Keyword), default);
        var exact = _scope.ExactBm25(Query, 20);
        Assert.Equal(exact.Select(e => e.Score), results.Select(r => r.KeywordScore!.Value), new Fts5KeywordSearchTests.ToleranceComparer(1e-9));
    }

    private static long VocabularyFrequency(SqliteDocumentStore store, string term)
    {
        using var connection = new SqliteConnection($"Data Source={store.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM chunks_fts_vocab WHERE term = $term";
        command.Parameters.AddWithValue("$term", term);
        return command.ExecuteScalar() is long n ? n : 0;
    }

    private static DocumentRecord Document(ScopeId scope, string source, int chunks) =>
        new(DocumentId.For(scope, source), scope, "Extra " + source, source, null, DateTimeOffset.UnixEpoch, "h-" + source + chunks, chunks, 10);

    private static ChunkRecord Chunk(int index, string text) =>
        new(index, index * 100, (index * 100) + text.Length, text, text.Split(' ').Length, new float[DocumentStoreContract.Model.Dimensions]);
}
