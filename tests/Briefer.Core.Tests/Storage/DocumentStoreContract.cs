using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Briefer.Core.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IDocumentStore"/> must have, written once and run against each store by a derived
/// class that supplies the store (SQLite always; Qdrant when a server is configured). Every test works in scopes of its
/// own, so tests can share one store (one database, one collection) without seeing each other's documents.
/// </summary>
/// <remarks>
/// Vectors are small synthetic unit vectors of <see cref="Model"/>'s 384 dimensions, so the suite needs no ONNX model:
/// <see cref="Axis"/> points along one axis, <see cref="Blend"/> mixes axes, and cosine similarity is easy to reason about.
/// </remarks>
public abstract class DocumentStoreContract(IDocumentStore store)
{
    /// <summary>The model every contract store is configured with.</summary>
    public static readonly EmbeddingModelInfo Model = new("test-model", 384, 512, "");

    private static readonly DateTimeOffset BaseTime = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected IDocumentStore Store { get; } = store;

    [ContractFact]
    public async Task GetDocument_AfterUpsert_ReturnsTheStoredRecord()
    {
        var scope = NewScope();
        var document = Document(scope, "notes/a.txt", "Alpha notes", new DateOnly(2026, 2, 3), BaseTime, chunkCount: 2, tokenCount: 17);

        await Store.UpsertDocumentAsync(document, [Chunk(0, "First chunk.", Axis(0)), Chunk(1, "Second chunk.", Axis(1), after: 12)], default);
        var stored = await Store.GetDocumentAsync(scope, document.Id, default);

        Assert.Equal(document, stored);
    }

    [ContractFact]
    public async Task GetDocument_FromAnotherScope_ReturnsNull()
    {
        var (scope, other) = (NewScope(), NewScope());
        var document = Document(scope, "notes/a.txt", "Alpha notes");
        await Store.UpsertDocumentAsync(document, [Chunk(0, "Only in one scope.", Axis(0))], default);

        var stored = await Store.GetDocumentAsync(other, document.Id, default);

        Assert.Null(stored);
    }

    [ContractFact]
    public async Task ListDocuments_TwoScopes_ReturnsOnlyThatScopesDocuments()
    {
        var (scope, other) = (NewScope(), NewScope());
        var mine = Document(scope, "mine.txt", "Mine");
        await Store.UpsertDocumentAsync(mine, [Chunk(0, "Mine.", Axis(0))], default);
        await Store.UpsertDocumentAsync(Document(other, "theirs.txt", "Theirs"), [Chunk(0, "Theirs.", Axis(0))], default);

        var listed = await Store.ListDocumentsAsync(scope, default);

        Assert.Equal([mine.Id], listed.Select(d => d.Id));
    }

    [ContractFact]
    public async Task ListDocuments_SeveralIngests_NewestIngestFirst()
    {
        var scope = NewScope();
        var oldest = Document(scope, "1.txt", "Oldest", ingestedAt: BaseTime);
        var newest = Document(scope, "3.txt", "Newest", ingestedAt: BaseTime.AddHours(2));
        var middle = Document(scope, "2.txt", "Middle", ingestedAt: BaseTime.AddHours(1));
        foreach (var document in new[] { oldest, newest, middle })
        {
            await Store.UpsertDocumentAsync(document, [Chunk(0, document.Title + ".", Axis(0))], default);
        }

        var listed = await Store.ListDocumentsAsync(scope, default);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], listed.Select(d => d.Id));
    }

    [ContractFact]
    public async Task ListDocuments_EmptyScope_ReturnsEmpty()
    {
        var listed = await Store.ListDocumentsAsync(NewScope(), default);

        Assert.Empty(listed);
    }

    [ContractFact]
    public async Task Search_Keyword_NeverReturnsAnotherScopesChunks() => await AssertScopeIsolatedAsync(RetrievalMode.Keyword);

    [ContractFact]
    public async Task Search_Dense_NeverReturnsAnotherScopesChunks() => await AssertScopeIsolatedAsync(RetrievalMode.Dense);

    [ContractFact]
    public async Task Search_Hybrid_NeverReturnsAnotherScopesChunks() => await AssertScopeIsolatedAsync(RetrievalMode.Hybrid);

    [ContractFact]
    public async Task Search_Keyword_ExactRareTerm_RanksItsChunkFirst()
    {
        var scope = NewScope();
        var document = Document(scope, "fauna.txt", "Field notes");
        await Store.UpsertDocumentAsync(
            document,
            [
                Chunk(0, "The committee met on Tuesday and discussed the budget.", Axis(0)),
                Chunk(1, "A quokka was seen near the harbour by the committee.", Axis(1), after: 60),
                Chunk(2, "The budget was approved after a long debate.", Axis(2), after: 120),
            ],
            default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "quokka", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default);

        var first = Assert.Single(results);
        Assert.Equal(1, first.ChunkIndex);
        Assert.NotNull(first.KeywordScore);
        Assert.True(first.KeywordScore > 0, "BM25 scores are positive, higher is better.");
        Assert.Equal(first.KeywordScore, first.Score);
        Assert.Null(first.DenseScore);
    }

    [ContractFact]
    public async Task Search_Keyword_MoreMatchingTerms_RanksHigher()
    {
        var scope = NewScope();
        await Store.UpsertDocumentAsync(
            Document(scope, "ports.txt", "Harbour report"),
            [
                Chunk(0, "Cranes were idle all week.", Axis(0)),
                Chunk(1, "Tugboats and cranes were idle while the tugboats waited for pilots.", Axis(1), after: 30),
            ],
            default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "idle tugboats cranes", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default);

        Assert.Equal([1, 0], results.Select(r => r.ChunkIndex));
        Assert.True(results[0].Score > results[1].Score);
    }

    [ContractFact]
    public async Task Search_Keyword_OnlyStopWords_ReturnsEmpty()
    {
        var scope = NewScope();
        await Store.UpsertDocumentAsync(Document(scope, "a.txt", "Something"), [Chunk(0, "The cat is on the mat.", Axis(0))], default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "the and of", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default);

        Assert.Empty(results);
    }

    [ContractFact]
    public async Task Search_Keyword_MatchesTitleTerms()
    {
        var scope = NewScope();
        await Store.UpsertDocumentAsync(Document(scope, "a.txt", "Zanzibar ferry timetable"), [Chunk(0, "Departures leave at nine.", Axis(0))], default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "zanzibar", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default);

        Assert.Single(results);
    }

    [ContractFact]
    public async Task Search_Dense_RanksNearestVectorFirst()
    {
        var scope = NewScope();
        await Store.UpsertDocumentAsync(
            Document(scope, "v.txt", "Vectors"),
            [
                Chunk(0, "Far away.", Axis(5)),
                Chunk(1, "Close by.", Blend((3, 0.9f), (4, 0.1f)), after: 10),
                Chunk(2, "Right here.", Axis(3), after: 20),
            ],
            default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "", Axis(3), 10, RetrievalMode.Dense), default);

        Assert.Equal([2, 1, 0], results.Select(r => r.ChunkIndex));
        Assert.Equal(1.0, results[0].DenseScore!.Value, 3);
        Assert.Equal(0.0, results[2].DenseScore!.Value, 3);
        Assert.All(results, r => Assert.Null(r.KeywordScore));
        Assert.All(results, r => Assert.Equal(r.DenseScore, r.Score));
    }

    [ContractFact]
    public async Task Search_Dense_Limit_ReturnsAtMostLimit()
    {
        var scope = NewScope();
        await Store.UpsertDocumentAsync(
            Document(scope, "v.txt", "Vectors"),
            [.. Enumerable.Range(0, 5).Select(i => Chunk(i, $"Chunk {i}.", Axis(i), after: i * 10))],
            default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "", Axis(2), 2, RetrievalMode.Dense), default);

        Assert.Equal(2, results.Count);
        Assert.Equal(2, results[0].ChunkIndex);
    }

    [ContractFact]
    public async Task Search_Hybrid_ReturnsChunksFoundByEitherMethodWithTheirScores()
    {
        var scope = NewScope();
        var query = Axis(7);
        await Store.UpsertDocumentAsync(
            Document(scope, "h.txt", "Mixed bag"),
            [
                Chunk(0, "The wombat crossed the road.", query),                                   // both methods
                Chunk(1, "Another wombat slept under the bridge.", Axis(50), after: 40),          // keyword only (orthogonal)
                Chunk(2, "Nothing relevant here at all.", Blend((7, 0.8f), (8, 0.2f)), after: 80), // dense only
                Chunk(3, "Still nothing relevant.", Blend((7, 0.6f), (9, 0.4f)), after: 120),      // dense only, further
                Chunk(4, "Nothing to see either.", Blend((7, 0.4f), (10, 0.6f)), after: 160),     // dense only, furthest
            ],
            default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "wombat", query, Limit: 3, RetrievalMode.Hybrid, CandidatesPerMethod: 3), default);

        Assert.Equal(3, results.Count);
        var both = results[0];
        Assert.Equal(0, both.ChunkIndex);
        Assert.NotNull(both.KeywordScore);
        Assert.NotNull(both.DenseScore);
        var keywordOnly = Assert.Single(results, r => r.ChunkIndex == 1);
        Assert.NotNull(keywordOnly.KeywordScore);
        Assert.Null(keywordOnly.DenseScore);
        var denseOnly = Assert.Single(results, r => r.ChunkIndex == 2);
        Assert.Null(denseOnly.KeywordScore);
        Assert.NotNull(denseOnly.DenseScore);
        Assert.True(both.Score > keywordOnly.Score && both.Score > denseOnly.Score, "A chunk both methods found fuses highest.");
        Assert.InRange(both.Score, 2.0 / (ReciprocalRankFusion.DefaultK + 2), (2.0 / (ReciprocalRankFusion.DefaultK + 1)) + 1e-6); // reciprocal-rank fusion
    }

    [ContractFact]
    public async Task Search_HybridWithoutVector_FallsBackToKeyword()
    {
        var scope = NewScope();
        await Store.UpsertDocumentAsync(Document(scope, "a.txt", "Notes"), [Chunk(0, "The platypus swims.", Axis(0)), Chunk(1, "Birds fly.", Axis(1), after: 20)], default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "platypus", ReadOnlyMemory<float>.Empty, 10), default);

        var only = Assert.Single(results);
        Assert.Equal(0, only.ChunkIndex);
        Assert.NotNull(only.KeywordScore);
        Assert.Null(only.DenseScore);
    }

    [ContractFact]
    public async Task Search_PublishedSince_ExcludesOlderAndUndatedDocuments()
    {
        var scope = NewScope();
        var vector = Axis(11);
        var recent = Document(scope, "recent.txt", "Recent", new DateOnly(2026, 2, 1));
        var onTheDay = Document(scope, "day.txt", "On the day", new DateOnly(2026, 1, 15));
        await Store.UpsertDocumentAsync(recent, [Chunk(0, "Election results announced.", vector)], default);
        await Store.UpsertDocumentAsync(onTheDay, [Chunk(0, "Election results delayed.", vector)], default);
        await Store.UpsertDocumentAsync(Document(scope, "old.txt", "Old", new DateOnly(2025, 12, 31)), [Chunk(0, "Election results disputed.", vector)], default);
        await Store.UpsertDocumentAsync(Document(scope, "undated.txt", "Undated", null), [Chunk(0, "Election results unknown.", vector)], default);

        foreach (var mode in new[] { RetrievalMode.Keyword, RetrievalMode.Dense, RetrievalMode.Hybrid })
        {
            var results = await Store.SearchAsync(new SearchQuery(scope, "election results", vector, 10, mode, PublishedSince: new DateOnly(2026, 1, 15)), default);

            Assert.Equal(new[] { onTheDay.Id.Value, recent.Id.Value }.Order(), results.Select(r => r.DocumentId.Value).Order());
        }
    }

    [ContractFact]
    public async Task Search_Documents_FindsOnlyChunksOfThoseDocuments()
    {
        var scope = NewScope();
        var vector = Axis(12);
        var wanted = Document(scope, "wanted.txt", "Wanted");
        var other = Document(scope, "other.txt", "Other");
        var third = Document(scope, "third.txt", "Third");
        await Store.UpsertDocumentAsync(wanted, [Chunk(0, "Harbour ferry timetable changes.", vector), Chunk(1, "The ferry runs hourly.", vector, 40)], default);
        await Store.UpsertDocumentAsync(other, [Chunk(0, "Harbour ferry strike announced.", vector)], default);
        await Store.UpsertDocumentAsync(third, [Chunk(0, "Harbour ferry fares rise.", vector)], default);

        foreach (var mode in new[] { RetrievalMode.Keyword, RetrievalMode.Dense, RetrievalMode.Hybrid })
        {
            var results = await Store.SearchAsync(new SearchQuery(scope, "harbour ferry", vector, 10, mode, Documents: [wanted.Id, third.Id]), default);
            var none = await Store.SearchAsync(new SearchQuery(scope, "harbour ferry", vector, 10, mode, Documents: []), default);

            Assert.Equal(new[] { third.Id.Value, wanted.Id.Value, wanted.Id.Value }.Order(), results.Select(r => r.DocumentId.Value).Order());
            Assert.Empty(none);
        }
    }

    [ContractFact]
    public async Task Search_Result_CarriesTitleSourceDateOffsetsAndText()
    {
        var scope = NewScope();
        var document = Document(scope, "https://example.org/story", "The story", new DateOnly(2026, 1, 2));
        await Store.UpsertDocumentAsync(document, [Chunk(0, "Opening lines.", Axis(0)), new ChunkRecord(1, 15, 42, "The capybara appears here.", 6, Axis(1))], default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "capybara", Axis(1), 1), default);

        var result = Assert.Single(results);
        Assert.Equal(document.Id, result.DocumentId);
        Assert.Equal("The story", result.Title);
        Assert.Equal("https://example.org/story", result.Source);
        Assert.Equal(new DateOnly(2026, 1, 2), result.PublishedAt);
        Assert.Equal((1, 15, 42), (result.ChunkIndex, result.Start, result.End));
        Assert.Equal("The capybara appears here.", result.Text);
    }

    [ContractFact]
    public async Task UpsertDocument_Replacing_OnlyNewChunksAreFound()
    {
        var scope = NewScope();
        var first = Document(scope, "r.txt", "Report", ingestedAt: BaseTime, chunkCount: 3);
        await Store.UpsertDocumentAsync(
            first,
            [
                Chunk(0, "The aardvark budget was cut.", Axis(20)),
                Chunk(1, "The aardvark programme ends.", Axis(21), after: 30),
                Chunk(2, "Aardvark staff reassigned.", Axis(22), after: 60),
            ],
            default);
        var second = first with { IngestedAt = BaseTime.AddDays(1), ContentHash = "new-hash", ChunkCount = 1 };

        await Store.UpsertDocumentAsync(second, [Chunk(0, "The pangolin budget was raised.", Axis(23))], default);

        Assert.Equal(second, await Store.GetDocumentAsync(scope, first.Id, default));
        Assert.Single(await Store.ListDocumentsAsync(scope, default));
        Assert.Empty(await Store.SearchAsync(new SearchQuery(scope, "aardvark", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default));
        foreach (var mode in new[] { RetrievalMode.Keyword, RetrievalMode.Dense, RetrievalMode.Hybrid })
        {
            var results = await Store.SearchAsync(new SearchQuery(scope, "aardvark pangolin budget", Axis(21), 10, mode), default);

            var only = Assert.Single(results);
            Assert.Equal("The pangolin budget was raised.", only.Text);
        }
    }

    [ContractFact]
    public async Task UpsertDocument_SameDocumentTwice_StoresItOnce()
    {
        var scope = NewScope();
        var document = Document(scope, "same.txt", "Same", chunkCount: 2);
        IReadOnlyList<ChunkRecord> chunks = [Chunk(0, "The okapi is shy.", Axis(30)), Chunk(1, "The okapi eats leaves.", Axis(31), after: 20)];

        await Store.UpsertDocumentAsync(document, chunks, default);
        await Store.UpsertDocumentAsync(document, chunks, default);

        Assert.Single(await Store.ListDocumentsAsync(scope, default));
        var results = await Store.SearchAsync(new SearchQuery(scope, "okapi", Axis(30), 10), default);
        Assert.Equal([0, 1], results.Select(r => r.ChunkIndex).Order());
    }

    [ContractFact]
    public async Task UpsertDocument_VectorOfWrongSize_ThrowsArgumentException()
    {
        var scope = NewScope();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.UpsertDocumentAsync(Document(scope, "bad.txt", "Bad"), [new ChunkRecord(0, 0, 4, "Bad.", 2, new float[Model.Dimensions - 1])], default));
        Assert.Empty(await Store.ListDocumentsAsync(scope, default));
    }

    [ContractFact]
    public async Task DeleteDocument_Existing_RemovesItFromGetListAndEverySearch()
    {
        var scope = NewScope();
        var doomed = Document(scope, "doomed.txt", "Doomed");
        var kept = Document(scope, "kept.txt", "Kept");
        await Store.UpsertDocumentAsync(doomed, [Chunk(0, "The narwhal surfaced.", Axis(40))], default);
        await Store.UpsertDocumentAsync(kept, [Chunk(0, "The seal dived.", Axis(41))], default);

        var deleted = await Store.DeleteDocumentAsync(scope, doomed.Id, default);

        Assert.True(deleted);
        Assert.Null(await Store.GetDocumentAsync(scope, doomed.Id, default));
        Assert.Equal([kept.Id], (await Store.ListDocumentsAsync(scope, default)).Select(d => d.Id));
        Assert.Empty(await Store.SearchAsync(new SearchQuery(scope, "narwhal", ReadOnlyMemory<float>.Empty, 10, RetrievalMode.Keyword), default));
        var dense = await Store.SearchAsync(new SearchQuery(scope, "", Axis(40), 10, RetrievalMode.Dense), default);
        Assert.All(dense, r => Assert.Equal(kept.Id, r.DocumentId));
        var hybrid = await Store.SearchAsync(new SearchQuery(scope, "narwhal", Axis(40), 10), default);
        Assert.All(hybrid, r => Assert.Equal(kept.Id, r.DocumentId));
    }

    [ContractFact]
    public async Task DeleteDocument_Missing_ReturnsFalse()
    {
        var deleted = await Store.DeleteDocumentAsync(NewScope(), DocumentId.For(ScopeId.Local, "never-ingested.txt"), default);

        Assert.False(deleted);
    }

    [ContractFact]
    public async Task DeleteDocument_FromAnotherScope_ReturnsFalseAndKeepsIt()
    {
        var (scope, other) = (NewScope(), NewScope());
        var document = Document(scope, "a.txt", "Kept");
        await Store.UpsertDocumentAsync(document, [Chunk(0, "Still here.", Axis(0))], default);

        var deleted = await Store.DeleteDocumentAsync(other, document.Id, default);

        Assert.False(deleted);
        Assert.NotNull(await Store.GetDocumentAsync(scope, document.Id, default));
    }

    [ContractFact]
    public async Task DeleteDocument_Twice_SecondReturnsFalse()
    {
        var scope = NewScope();
        var document = Document(scope, "a.txt", "Once");
        await Store.UpsertDocumentAsync(document, [Chunk(0, "Once.", Axis(0))], default);

        Assert.True(await Store.DeleteDocumentAsync(scope, document.Id, default));
        Assert.False(await Store.DeleteDocumentAsync(scope, document.Id, default));
    }

    [ContractFact]
    public async Task InitializeAsync_CalledTwice_Succeeds()
    {
        await Store.InitializeAsync(default);
        await Store.InitializeAsync(default);
    }

    [ContractFact]
    public async Task Search_ChunkLocation_RoundTripsToTheRetrievedChunk()
    {
        var scope = NewScope();
        var document = Document(scope, "report.pdf", "Dredging report");

        await Store.UpsertDocumentAsync(document, [Chunk(0, "The dredging of berths ended in March.", Axis(0)) with { Location = "p. 3" }], default);
        var found = await Store.SearchAsync(new SearchQuery(scope, "dredging berths", Axis(0), 5), default);

        Assert.Equal("p. 3", Assert.Single(found).Location);
    }

    [ContractFact]
    public async Task Search_ChunkBlocks_RoundTripOnEverySearchPath()
    {
        var scope = NewScope();
        var document = Document(scope, "guide.md", "Server guide");
        TextBlock[] blocks =
        [
            new(0, 7, BlockKind.Heading, "Server guide › Options"),
            new(8, 38, BlockKind.TableRow, "Server guide › Options", "Option | Description"),
            new(39, 60, BlockKind.Code, "Server guide › Options › Install", "sh"),
        ];
        var chunk = Chunk(0, "Options\n--port <n> | Port to listen on\nserver --port 8080 now", Axis(0)) with { Blocks = blocks };
        await Store.UpsertDocumentAsync(document, [chunk], default);

        foreach (var mode in new[] { RetrievalMode.Hybrid, RetrievalMode.Keyword, RetrievalMode.Dense })
        {
            var found = await Store.SearchAsync(new SearchQuery(scope, "port listen", Axis(0), 5, mode), default);
            Assert.Equal(blocks, Assert.Single(found).Blocks);
        }

        var filtered = await Store.SearchAsync(new SearchQuery(scope, "port listen", Axis(0), 5, Documents: [document.Id]), default);
        Assert.Equal(blocks, Assert.Single(filtered).Blocks);
    }

    [ContractFact]
    public async Task Search_ChunkWithoutBlocks_ComesBackWithNone()
    {
        var scope = NewScope();
        await Store.UpsertDocumentAsync(Document(scope, "plain.txt", "Plain"), [Chunk(0, "The ferry leaves at nine.", Axis(0))], default);

        var found = await Store.SearchAsync(new SearchQuery(scope, "ferry", Axis(0), 5), default);

        Assert.Empty(Assert.Single(found).Blocks);
    }

    [ContractFact]
    public async Task Search_Keyword_FindsAChunkByItsHeadingPath()
    {
        var scope = NewScope();
        var document = Document(scope, "config.md", "Configuration");
        await Store.UpsertDocumentAsync(
            document,
            [
                Chunk(0, "Default: 512", Axis(0)) with { HeadingPath = "Configuration › cache.maxSize" },
                Chunk(1, "Default: 30 seconds", Axis(1), after: 13) with { HeadingPath = "Configuration › cache.ttl" },
            ],
            default);

        var found = await Store.SearchAsync(new SearchQuery(scope, "cache.maxSize", ReadOnlyMemory<float>.Empty, 5, RetrievalMode.Keyword), default);

        Assert.Equal(0, found[0].ChunkIndex);
        Assert.Equal("Default: 512", found[0].Text);
    }

    [ContractFact]
    public async Task UpdateSourceState_ValidatorsAndStaleness_KeptWithoutTouchingChunks()
    {
        var scope = NewScope();
        var document = Document(scope, "https://example.com/news", "News") with { ETag = "\"v1\"", LastModified = BaseTime };
        await Store.UpsertDocumentAsync(document, [Chunk(0, "The ferry leaves at nine.", Axis(0))], default);

        var updated = await Store.UpdateSourceStateAsync(scope, document.Id, new SourceState("\"v2\"", BaseTime.AddDays(1), BaseTime.AddDays(2)), default);
        var stored = await Store.GetDocumentAsync(scope, document.Id, default);
        var missing = await Store.UpdateSourceStateAsync(scope, DocumentId.For(scope, "nowhere"), new SourceState(null, null, null), default);
        var found = await Store.SearchAsync(new SearchQuery(scope, "ferry", Axis(0), 5), default);

        Assert.True(updated);
        Assert.False(missing);
        Assert.Equal("\"v2\"", stored!.ETag);
        Assert.Equal(BaseTime.AddDays(1), stored.LastModified);
        Assert.Equal(BaseTime.AddDays(2), stored.StaleSince);
        Assert.Single(found);
    }

    [ContractFact]
    public async Task ListScopes_IncludesEveryScopeWithDocuments()
    {
        var first = NewScope();
        var second = NewScope();
        await Store.UpsertDocumentAsync(Document(first, "a.txt", "A"), [Chunk(0, "Alpha text.", Axis(0))], default);
        await Store.UpsertDocumentAsync(Document(second, "b.txt", "B"), [Chunk(0, "Beta text.", Axis(1))], default);

        var scopes = await Store.ListScopesAsync(default);

        Assert.Contains(first, scopes);
        Assert.Contains(second, scopes);
    }

    /// <summary>A fresh scope, so tests sharing one store never see each other's documents.</summary>
    protected static ScopeId NewScope() => new("t-" + Guid.NewGuid().ToString("N")[..16]);

    protected static DocumentRecord Document(
        ScopeId scope,
        string source,
        string title,
        DateOnly? publishedAt = null,
        DateTimeOffset? ingestedAt = null,
        int chunkCount = 1,
        int tokenCount = 10) =>
        new(DocumentId.For(scope, source), scope, title, source, publishedAt, ingestedAt ?? BaseTime, "hash-" + source, chunkCount, tokenCount);

    /// <summary>A chunk whose offsets start at <paramref name="after"/> and span its text.</summary>
    protected static ChunkRecord Chunk(int index, string text, float[] embedding, int after = 0) =>
        new(index, after, after + text.Length, text, text.Split(' ').Length, embedding);

    /// <summary>The unit vector along one axis.</summary>
    protected static float[] Axis(int axis) => Blend((axis, 1f));

    /// <summary>A unit vector mixing axes with the given weights (normalised).</summary>
    protected static float[] Blend(params (int Axis, float Weight)[] components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var vector = new float[Model.Dimensions];
        foreach (var (axis, weight) in components)
        {
            vector[axis] += weight;
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }

    private async Task AssertScopeIsolatedAsync(RetrievalMode mode)
    {
        var (scope, other) = (NewScope(), NewScope());
        var vector = Axis(60);
        var mine = Document(scope, "shared-name.txt", "Shared title");
        await Store.UpsertDocumentAsync(mine, [Chunk(0, "The lighthouse keeper retired.", vector)], default);
        await Store.UpsertDocumentAsync(Document(other, "shared-name.txt", "Shared title"), [Chunk(0, "The lighthouse keeper retired.", vector)], default);

        var results = await Store.SearchAsync(new SearchQuery(scope, "lighthouse keeper", vector, 10, mode), default);

        var only = Assert.Single(results);
        Assert.Equal(mine.Id, only.DocumentId);
    }
}

/// <summary>
/// A contract test: a <see cref="FactAttribute"/> that is skipped, with the class's own reason, when the concrete test
/// class carries a <see cref="RequiresEnvironmentVariableAttribute"/> whose variable is not set. This is how the Qdrant run
/// of the contract suite is skipped on machines without a Qdrant server (xunit 2 has no runtime skip of its own).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Briefer.Core.Tests.Storage.ContractFactDiscoverer", "Briefer.Core.Tests")]
public sealed class ContractFactAttribute : FactAttribute;

/// <summary>Marks a contract test class that runs only when an environment variable is set.</summary>
/// <param name="variable">The environment variable, e.g. <c>QDRANT_URL</c>.</param>
/// <param name="howToRun">Said in the skip reason: how to make the tests run.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresEnvironmentVariableAttribute(string variable, string howToRun) : Attribute
{
    public string Variable { get; } = variable;

    public string HowToRun { get; } = howToRun;
}

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipping them when the class's required variable is unset.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var requirement = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute)).FirstOrDefault();
        if (requirement is not null)
        {
            var arguments = requirement.GetConstructorArguments().Cast<string>().ToArray();
            if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(arguments[0])))
            {
                var reason = $"{arguments[0]} is not set. {arguments[1]}";
                Briefer.Testing.SkipNotice.Once(diagnosticMessageSink, $"Skipped: the tests of {testMethod.TestClass.Class.Name.Split('.')[^1]}. {reason}");
                return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason)];
            }
        }

        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
