using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Briefer.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Storage;

/// <summary>
/// The two-pass BM25 of the SQLite store, on a scope large enough for a term to count as common: what it returns must be
/// FTS5's own bm25() ranking and scores, computed here with one exact query over every term.
/// </summary>
public sealed class Fts5KeywordSearchTests : IClassFixture<Fts5KeywordSearchTests.LargeScope>
{
    private readonly LargeScope _scope;

    public Fts5KeywordSearchTests(LargeScope scope) => _scope = scope;

    [Fact]
    public async Task Search_CommonAndRareTerms_ReturnsExactBm25ScoresInBm25Order()
    {
        // "harbour" is in every chunk (common), "ferry" in every 7th, "quokka" in every 50th, "lantern" in every 11th.
        const string query = "harbour ferry quokka lantern";

        var results = await _scope.Store.SearchAsync(new SearchQuery(LargeScope.Scope, query, ReadOnlyMemory<float>.Empty, 20, RetrievalMode.Keyword), default);
        var exact = _scope.ExactBm25(query, 20);

        Assert.Equal(20, results.Count);
        Assert.Equal(exact.Select(e => e.Score), results.Select(r => r.KeywordScore!.Value), new ToleranceComparer(1e-9));
        Assert.Equal(exact.Select(e => e.Text), results.Select(r => r.Text));
    }

    [Fact]
    public async Task Search_RareTermsMatchFewerChunksThanTheLimit_StillReturnsChunksWithOnlyCommonTerms()
    {
        // "zebu" is in 3 chunks; the other 7 results can only come from the common "harbour".
        var results = await _scope.Store.SearchAsync(new SearchQuery(LargeScope.Scope, "harbour zebu", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default);
        var exact = _scope.ExactBm25("harbour zebu", 10);

        Assert.Equal(10, results.Count);
        Assert.Equal(exact.Select(e => e.Score), results.Select(r => r.KeywordScore!.Value), new ToleranceComparer(1e-9));
    }

    [Fact]
    public async Task Search_AfterAWrite_UsesTheNewStatistics()
    {
        var scope = new ScopeId("late-writes");
        var before = await _scope.Store.SearchAsync(new SearchQuery(LargeScope.Scope, "harbour quokka", ReadOnlyMemory<float>.Empty, 5, RetrievalMode.Keyword), default);
        await _scope.Store.UpsertDocumentAsync(
            new DocumentRecord(DocumentId.For(scope, "q"), scope, "Quokka", "q", null, DateTimeOffset.UnixEpoch, "h", 1, 5),
            [new ChunkRecord(0, 0, 6, "quokka quokka quokka", 3, new float[DocumentStoreContract.Model.Dimensions])],
            default);

        var after = await _scope.Store.SearchAsync(new SearchQuery(LargeScope.Scope, "harbour quokka", ReadOnlyMemory<float>.Empty, 5, RetrievalMode.Keyword), default);

        // One more chunk holds "quokka": its IDF, and so every score, went down, exactly as bm25() now says.
        Assert.True(after[0].KeywordScore < before[0].KeywordScore);
        Assert.Equal(_scope.ExactBm25("harbour quokka", 5).Select(e => e.Score), after.Select(r => r.KeywordScore!.Value), new ToleranceComparer(1e-9));
    }

    /// <summary>One scope of 3,000 chunks (more than <see cref="Fts5KeywordSearch.CommonTermFloor"/>).</summary>
    public sealed class LargeScope : IDisposable
    {
        public static readonly ScopeId Scope = new("large");
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "briefer-fts-" + Guid.NewGuid().ToString("N"));

        public LargeScope()
        {
            Store = new SqliteDocumentStore(Options.Create(new StoreOptions { DataDirectory = _directory }), DocumentStoreContract.Model, NullLogger<SqliteDocumentStore>.Instance);
            var vector = new float[DocumentStoreContract.Model.Dimensions];
            vector[0] = 1;
            for (var d = 0; d < 30; d++)
            {
                var chunks = new List<ChunkRecord>();
                for (var c = 0; c < 100; c++)
                {
                    var n = (d * 100) + c;
                    var words = new List<string> { "harbour", "report", "number" + n };
                    words.AddRange(Enumerable.Repeat("harbour", n % 4));
                    if (n % 7 == 0)
                    {
                        words.Add("ferry");
                    }

                    if (n % 50 == 0)
                    {
                        words.Add("quokka");
                    }

                    if (n % 11 == 0)
                    {
                        words.AddRange(["lantern", "lantern"]);
                    }

                    if (n is 5 or 1500 or 2999)
                    {
                        words.Add("zebu");
                    }

                    words.AddRange(Enumerable.Repeat("filler", n % 13));
                    var text = string.Join(' ', words);
                    chunks.Add(new ChunkRecord(c, c * 1000, (c * 1000) + text.Length, text, words.Count, vector));
                }

                var source = "doc" + d;
                Store.UpsertDocumentAsync(new DocumentRecord(DocumentId.For(Scope, source), Scope, "Doc " + d, source, null, DateTimeOffset.UnixEpoch, "h" + d, chunks.Count, 1000), chunks, default).GetAwaiter().GetResult();
            }
        }

        public SqliteDocumentStore Store { get; }

        /// <summary>FTS5's bm25() over every term of <paramref name="query"/>: the reference the store must match.</summary>
        public List<(string Text, double Score)> ExactBm25(string query, int limit)
        {
            using var connection = new SqliteConnection($"Data Source={Store.DatabasePath};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            var terms = KeywordAnalyzer.AnalyzeQuery(query);
            command.CommandText = """
                SELECT c.text, -bm25(chunks_fts, 0.0, 1.0) AS score FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid
                WHERE chunks_fts MATCH $match ORDER BY score DESC, f.rowid LIMIT $limit
                """;
            command.Parameters.AddWithValue("$match", $"scope_key : {SqliteDocumentStore.ScopeKey(Scope)} AND terms : ({string.Join(" OR ", terms.Select(t => "\"" + t + "\""))})");
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var results = new List<(string, double)>();
            while (reader.Read())
            {
                results.Add((reader.GetString(0), reader.GetDouble(1)));
            }

            return results;
        }

        public void Dispose()
        {
            Store.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }

    internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
