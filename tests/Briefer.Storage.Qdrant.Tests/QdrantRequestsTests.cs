using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Google.Protobuf.WellKnownTypes;
using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant.Tests;

/// <summary>The exact requests the store sends, asserted on Qdrant.Client's own protobuf types.</summary>
public sealed class QdrantRequestsTests
{
    private const string Collection = "briefer_chunks";
    private static readonly EmbeddingModelInfo Model = new("snowflake-arctic-embed-xs", 384, 512, "query: ");
    private static readonly ScopeId Scope = ScopeId.ForGuild(1234567890);
    private static readonly DocumentId Doc = DocumentId.For(Scope, "report.txt");

    [Fact]
    public void CreateCollection_NamedCosineDenseOfModelSizeAndIdfSparse()
    {
        var request = QdrantRequests.CreateCollection(Collection, Model, 128, shardNumber: null, replicationFactor: null);

        Assert.Equal(Collection, request.CollectionName);
        var dense = Assert.Single(request.VectorsConfig.ParamsMap.Map);
        Assert.Equal("dense", dense.Key);
        Assert.Equal(384ul, dense.Value.Size);
        Assert.Equal(Distance.Cosine, dense.Value.Distance);
        var sparse = Assert.Single(request.SparseVectorsConfig.Map);
        Assert.Equal("bm25", sparse.Key);
        Assert.Equal(Modifier.Idf, sparse.Value.Modifier);
        Assert.Equal("snowflake-arctic-embed-xs", request.Metadata["briefer_embedding_model"].StringValue);
        Assert.Equal(384, request.Metadata["briefer_embedding_dimensions"].IntegerValue);
        Assert.Equal(128, request.Metadata["briefer_bm25_average_terms"].DoubleValue);
        Assert.False(request.HasShardNumber);
        Assert.False(request.HasReplicationFactor);
    }

    [Fact]
    public void CreateCollection_ClusterSettings_SetShardsAndReplicas()
    {
        var request = QdrantRequests.CreateCollection(Collection, Model, 128, shardNumber: 6, replicationFactor: 2);

        Assert.Equal(6u, request.ShardNumber);
        Assert.Equal(2u, request.ReplicationFactor);
    }

    [Fact]
    public void CreateIndex_Scope_KeywordMarkedAsTenant()
    {
        var request = QdrantRequests.CreateIndex(Collection, "scope", FieldType.Keyword);

        Assert.Equal(("scope", FieldType.Keyword, true), (request.FieldName, request.FieldType, request.Wait));
        Assert.True(request.FieldIndexParams.KeywordIndexParams.IsTenant);
    }

    [Fact]
    public void Indexes_ScopeDocumentIdPublishedAtKindAndVisibility()
    {
        Assert.Equal(
            [("scope", FieldType.Keyword), ("document_id", FieldType.Keyword), ("published_at", FieldType.Datetime), ("kind", FieldType.Keyword), ("visibility", FieldType.Keyword)],
            QdrantSchema.Indexes);
        Assert.Null(QdrantRequests.CreateIndex(Collection, "document_id", FieldType.Keyword).FieldIndexParams);
    }

    [Fact]
    public void ScopeFilter_MustMatchScopeKeyword()
    {
        var filter = QdrantRequests.ScopeFilter(Scope);

        var condition = Assert.Single(filter.Must);
        Assert.Equal("scope", condition.Field.Key);
        Assert.Equal("1234567890", condition.Field.Match.Keyword);
        Assert.Empty(filter.MustNot);
        Assert.Empty(filter.Should);
    }

    [Fact]
    public void ScopeFilter_PublishedSince_AddsDatetimeRangeFromMidnightUtc()
    {
        var filter = QdrantRequests.ScopeFilter(Scope, new DateOnly(2026, 1, 15));

        Assert.Equal(2, filter.Must.Count);
        var range = filter.Must[1].Field;
        Assert.Equal("published_at", range.Key);
        Assert.Equal(Timestamp.FromDateTime(new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc)), range.DatetimeRange.Gte);
        Assert.Null(range.DatetimeRange.Lt);
    }

    [Fact]
    public void StaleFilter_DocumentInScopeExceptTheIdsJustWritten()
    {
        PointId[] keep = [QdrantPointIds.Chunk(Scope, Doc, 0), QdrantPointIds.Document(Scope, Doc)];

        var filter = QdrantRequests.StaleFilter(Scope, Doc, keep);

        Assert.Equal([("scope", Scope.Value), ("document_id", Doc.Value)], filter.Must.Select(c => (c.Field.Key, c.Field.Match.Keyword)));
        var not = Assert.Single(filter.MustNot);
        Assert.Equal(keep, not.HasId.HasId);
    }

    [Fact]
    public void DocumentPoints_ChunkPoint_DeterministicIdVectorsAndCitationPayload()
    {
        var document = Document(new DateOnly(2026, 2, 1));
        var embedding = Unit(3);

        var points = QdrantRequests.DocumentPoints(document, [new ChunkRecord(0, 0, 26, "The tugboats were waiting.", 6, embedding)], new Bm25SparseEncoder(128));

        var chunk = points[0];
        Assert.Equal(QdrantPointIds.Chunk(Scope, Doc, 0).ToString(), chunk.Id.Uuid);
        Assert.Equal(embedding, chunk.Vectors.Vectors_.Vectors["dense"].Dense.Data);
        var sparse = chunk.Vectors.Vectors_.Vectors["bm25"].Sparse;
        Assert.Equal(new Bm25SparseEncoder(128).EncodeChunk("Harbour report", "The tugboats were waiting.").Indices, sparse.Indices);
        Assert.Equal(sparse.Indices.Count, sparse.Values.Count);
        var payload = chunk.Payload;
        Assert.Equal("chunk", payload["kind"].StringValue);
        Assert.Equal(Scope.Value, payload["scope"].StringValue);
        Assert.Equal(Doc.Value, payload["document_id"].StringValue);
        Assert.Equal("Harbour report", payload["title"].StringValue);
        Assert.Equal("report.txt", payload["source"].StringValue);
        Assert.Equal("2026-02-01T00:00:00Z", payload["published_at"].StringValue);
        Assert.Equal((0, 0, 26, 6), ((int)payload["chunk_index"].IntegerValue, (int)payload["start"].IntegerValue, (int)payload["end"].IntegerValue, (int)payload["token_count"].IntegerValue));
        Assert.Equal("The tugboats were waiting.", payload["text"].StringValue);
    }

    [Fact]
    public void DocumentPoints_MarkerLast_NoVectorsAndTheDocumentRecord()
    {
        var document = Document(null);

        var points = QdrantRequests.DocumentPoints(document, [Chunk(0), Chunk(1)], new Bm25SparseEncoder(128));

        Assert.Equal(3, points.Count);
        var marker = points[^1];
        Assert.Equal(QdrantPointIds.Document(Scope, Doc).ToString(), marker.Id.Uuid);
        Assert.Empty(marker.Vectors.Vectors_.Vectors);
        Assert.Equal("document", marker.Payload["kind"].StringValue);
        Assert.Equal("2026-03-01T12:00:00.0000000+00:00", marker.Payload["ingested_at"].StringValue);
        Assert.Equal("sha", marker.Payload["content_hash"].StringValue);
        Assert.Equal(2, marker.Payload["chunk_count"].IntegerValue);
        Assert.Equal(99, marker.Payload["token_count"].IntegerValue);
        Assert.False(marker.Payload.ContainsKey("published_at"));
        Assert.Equal(document, QdrantResults.ReadDocument(marker.Payload) with { ChunkCount = document.ChunkCount });
    }

    [Fact]
    public void DocumentPoints_ChunkWithoutTerms_HasNoSparseVector()
    {
        var points = QdrantRequests.DocumentPoints(Document(null) with { Title = "The" }, [new ChunkRecord(0, 0, 7, "it is a", 3, Unit(0))], new Bm25SparseEncoder(128));

        Assert.Equal(["dense"], points[0].Vectors.Vectors_.Vectors.Keys);
    }

    [Fact]
    public void Upserts_FivePointsInBatchesOfTwo_ThreeWaitingRequestsInOrder()
    {
        var points = QdrantRequests.DocumentPoints(Document(null), [Chunk(0), Chunk(1), Chunk(2), Chunk(3)], new Bm25SparseEncoder(128));

        var upserts = QdrantRequests.Upserts(Collection, points, 2);

        Assert.Equal([2, 2, 1], upserts.Select(u => u.Points.Count));
        Assert.All(upserts, u => Assert.True(u.Wait));
        Assert.All(upserts, u => Assert.Equal(Collection, u.CollectionName));
        Assert.Equal(points.Select(p => p.Id), upserts.SelectMany(u => u.Points).Select(p => p.Id));
    }

    [Fact]
    public void Delete_ByFilterAndWaits()
    {
        var filter = QdrantRequests.DocumentFilter(Scope, Doc);

        var request = QdrantRequests.Delete(Collection, filter);

        Assert.True(request.Wait);
        Assert.Equal(filter, request.Points.Filter);
    }

    [Fact]
    public void ListDocuments_ScopeAndDocumentKindPaged()
    {
        var offset = new PointId { Uuid = Guid.Empty.ToString() };

        var request = QdrantRequests.ListDocuments(Collection, Scope, offset, 256);

        Assert.Equal([("scope", Scope.Value), ("kind", "document")], request.Filter.Must.Select(c => (c.Field.Key, c.Field.Match.Keyword)));
        Assert.Equal(256u, request.Limit);
        Assert.Equal(offset, request.Offset);
        Assert.True(request.WithPayload.Enable);
        Assert.False(request.WithVectors.Enable);
    }

    [Fact]
    public void Search_Documents_EveryQueryIsConfinedToThoseDocumentIds()
    {
        var other = DocumentId.For(Scope, "other.txt");
        var query = new SearchQuery(Scope, "tugboats waiting", Unit(7), Limit: 5, RetrievalMode.Hybrid, Documents: [Doc, other]);

        var batch = QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text))!;

        var filters = batch.QueryPoints.SelectMany(q => q.Prefetch.Select(p => p.Filter).Append(q.Filter)).ToList();
        Assert.All(filters, f => Assert.Contains(f.Must, c => c.Field != null && c.Field.Key == "document_id" && c.Field.Match.Keywords.Strings.SequenceEqual([Doc.Value, other.Value])));
        Assert.All(filters, f => Assert.Contains(f.Must, c => c.Field != null && c.Field.Key == "scope" && c.Field.Match.Keyword == Scope.Value));
    }

    [Fact]
    public void Search_Hybrid_DenseAndSparsePrefetchUnderScopeFilterFusedByRrf()
    {
        var query = new SearchQuery(Scope, "tugboats waiting", Unit(7), Limit: 5, RetrievalMode.Hybrid, CandidatesPerMethod: 40, PublishedSince: new DateOnly(2026, 1, 1));
        var terms = Bm25SparseEncoder.EncodeQuery(query.Text);

        var batch = QdrantRequests.Search(Collection, query, terms)!;

        Assert.Equal(3, batch.QueryPoints.Count);
        var fused = batch.QueryPoints[0];
        var expectedFilter = QdrantRequests.ScopeFilter(Scope, new DateOnly(2026, 1, 1));
        expectedFilter.Must.Add(QdrantRequests.AudienceCondition(ReaderAudience.EveryoneOnly));
        Assert.Equal(global::Qdrant.Client.Grpc.Query.VariantOneofCase.Rrf, fused.Query.VariantCase);
        Assert.Equal((uint)ReciprocalRankFusion.DefaultK + 1, fused.Query.Rrf.K); // Briefer's k in Qdrant's 0-based formula
        Assert.Equal(5ul, fused.Limit);
        Assert.True(fused.WithPayload.Enable);
        Assert.Equal(expectedFilter, fused.Filter);
        Assert.Equal(["bm25", "dense"], fused.Prefetch.Select(p => p.Using));
        Assert.All(fused.Prefetch, p => Assert.Equal(expectedFilter, p.Filter));
        Assert.All(fused.Prefetch, p => Assert.Equal(40ul, p.Limit));
        var sparse = fused.Prefetch[0].Query.Nearest.Sparse;
        Assert.Equal(terms.Indices, sparse.Indices);
        Assert.Equal([1f, 1f], sparse.Values);
        Assert.Equal(Unit(7), fused.Prefetch[1].Query.Nearest.Dense.Data);

        // The per-method queries that supply each method's own score: the same as the prefetches, without payload.
        Assert.Equal(["bm25", "dense"], batch.QueryPoints.Skip(1).Select(q => q.Using));
        Assert.All(batch.QueryPoints.Skip(1), q => Assert.Equal(40ul, q.Limit));
        Assert.All(batch.QueryPoints.Skip(1), q => Assert.Equal(expectedFilter, q.Filter));
        Assert.All(batch.QueryPoints.Skip(1), q => Assert.False(q.WithPayload.Enable));
        Assert.Equal(fused.Prefetch[0].Query, batch.QueryPoints[1].Query);
        Assert.Equal(fused.Prefetch[1].Query, batch.QueryPoints[2].Query);
    }

    [Fact]
    public void Search_HybridLimitAboveCandidates_PrefetchesAtLeastTheLimit()
    {
        var query = new SearchQuery(Scope, "tugboats", Unit(7), Limit: 80, RetrievalMode.Hybrid, CandidatesPerMethod: 50);

        var batch = QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text))!;

        Assert.All(batch.QueryPoints[0].Prefetch, p => Assert.Equal(80ul, p.Limit));
    }

    [Fact]
    public void Search_HybridWithoutVector_OnlySparsePrefetch()
    {
        var query = new SearchQuery(Scope, "tugboats", ReadOnlyMemory<float>.Empty, 5);

        var batch = QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text))!;

        Assert.Equal(["bm25"], batch.QueryPoints[0].Prefetch.Select(p => p.Using));
        Assert.Equal(2, batch.QueryPoints.Count);
    }

    [Fact]
    public void Search_Keyword_OneSparseQueryWithPayload()
    {
        var query = new SearchQuery(Scope, "tugboats", Unit(1), 7, RetrievalMode.Keyword);

        var batch = QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text))!;

        var single = Assert.Single(batch.QueryPoints);
        Assert.Equal(("bm25", 7ul, true), (single.Using, single.Limit, single.WithPayload.Enable));
        Assert.Empty(single.Prefetch);
        var expected = QdrantRequests.ScopeFilter(Scope);
        expected.Must.Add(QdrantRequests.AudienceCondition(ReaderAudience.EveryoneOnly));
        Assert.Equal(expected, single.Filter);
    }

    [Fact]
    public void Search_Audience_EveryQueryMatchesItsTokensOrNoVisibility()
    {
        var audience = ReaderAudience.Of([new AudienceChannelId(11)], [new AudienceRoleId(22)]);
        var query = new SearchQuery(Scope, "tugboats waiting", Unit(7), Limit: 5, RetrievalMode.Hybrid) { Audience = audience };

        var batch = QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text))!;

        var filters = batch.QueryPoints.SelectMany(q => q.Prefetch.Select(p => p.Filter).Append(q.Filter)).ToList();
        Assert.All(filters, f =>
        {
            var either = Assert.Single(f.Must, c => c.ConditionOneOfCase == Condition.ConditionOneOfOneofCase.Filter).Filter;
            Assert.Equal(["everyone", "channel:11", "role:22"], either.Should[0].Field.Match.Keywords.Strings);
            Assert.Equal("visibility", either.Should[1].IsEmpty.Key);
        });
    }

    [Fact]
    public void Search_Everything_NoAudienceCondition()
    {
        var query = new SearchQuery(Scope, "tugboats", Unit(1), 7, RetrievalMode.Keyword) { Audience = ReaderAudience.Everything };

        var batch = QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text))!;

        Assert.Equal(QdrantRequests.ScopeFilter(Scope), Assert.Single(batch.QueryPoints).Filter);
    }

    [Fact]
    public void Search_Dense_OneDenseQueryWithPayload()
    {
        var query = new SearchQuery(Scope, "ignored", Unit(2), 3, RetrievalMode.Dense);

        var batch = QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text))!;

        var single = Assert.Single(batch.QueryPoints);
        Assert.Equal(("dense", 3ul, true), (single.Using, single.Limit, single.WithPayload.Enable));
        Assert.Equal(Unit(2), single.Query.Nearest.Dense.Data);
    }

    [Fact]
    public void Search_NothingToSearchWith_Null()
    {
        var query = new SearchQuery(Scope, "the of", ReadOnlyMemory<float>.Empty, 3);

        Assert.Null(QdrantRequests.Search(Collection, query, Bm25SparseEncoder.EncodeQuery(query.Text)));
    }

    private static DocumentRecord Document(DateOnly? publishedAt) =>
        new(Doc, Scope, "Harbour report", "report.txt", publishedAt, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), "sha", 5, 99);

    private static ChunkRecord Chunk(int index) => new(index, index * 10, (index * 10) + 9, $"Chunk {index}.", 3, Unit(index));

    private static float[] Unit(int axis)
    {
        var vector = new float[384];
        vector[axis] = 1;
        return vector;
    }
}
