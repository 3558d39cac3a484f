using System.Globalization;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Google.Protobuf.WellKnownTypes;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace Briefer.Storage.Qdrant;

/// <summary>Names in Briefer's Qdrant collection: vectors, payload fields and their values.</summary>
internal static class QdrantSchema
{
    public const string DenseVector = "dense";
    public const string SparseVector = "bm25";

    public const string Kind = "kind";
    public const string ChunkKind = "chunk";
    public const string DocumentKind = "document";

    public const string Scope = "scope";
    public const string DocumentId = "document_id";
    public const string Title = "title";
    public const string Source = "source";
    public const string PublishedAt = "published_at";
    public const string IngestedAt = "ingested_at";
    public const string ContentHash = "content_hash";
    public const string ChunkCount = "chunk_count";
    public const string TokenCount = "token_count";
    public const string ChunkIndex = "chunk_index";
    public const string Start = "start";
    public const string End = "end";
    public const string Text = "text";
    public const string Location = "location";

    /// <summary>The chunk's structural blocks (<see cref="Briefer.Core.Storage.TextBlockCodec"/>); absent on points stored before, which read back with none.</summary>
    public const string Blocks = "blocks";
    public const string ETag = "etag";
    public const string LastModified = "last_modified";
    public const string StaleSince = "stale_since";

    /// <summary>Collection metadata: what the vectors were made with.</summary>
    public const string MetaEmbeddingModel = "briefer_embedding_model";
    public const string MetaDimensions = "briefer_embedding_dimensions";
    public const string MetaTermIds = "briefer_bm25_term_ids";
    public const string MetaAverageTerms = "briefer_bm25_average_terms";
    public const string MetaSchemaVersion = "briefer_schema_version";

    /// <summary>How term ids are made (see <see cref="Bm25SparseEncoder.TermId"/>); recorded so a change would be caught.</summary>
    public const string TermIdScheme = "fnv1a32-utf8-lucene-english";
    public const int SchemaVersion = 1;

    /// <summary>The payload indexes Briefer filters on, and their types.</summary>
    public static readonly IReadOnlyList<(string Field, FieldType Type)> Indexes =
    [
        (Scope, FieldType.Keyword),
        (DocumentId, FieldType.Keyword),
        (PublishedAt, FieldType.Datetime),
        (Kind, FieldType.Keyword),
    ];
}

/// <summary>
/// Every request the Qdrant store sends, built by pure functions into Qdrant.Client's own protobuf types, so tests can
/// check exactly what goes over the wire without a server.
/// </summary>
internal static class QdrantRequests
{
    /// <summary>
    /// Qdrant's RRF scores a point at (0-based) position p as 1/(k + p); Briefer's <see cref="ReciprocalRankFusion"/>
    /// scores rank r = p + 1 as 1/(k + r) with k = <see cref="ReciprocalRankFusion.DefaultK"/>. Asking Qdrant for that k + 1
    /// makes the two identical. (Qdrant's own default k is 2.)
    /// </summary>
    public const uint RrfK = ReciprocalRankFusion.DefaultK + 1;

    /// <summary>The collection: a named cosine dense vector of the model's size and a named BM25 sparse vector with IDF.</summary>
    public static CreateCollection CreateCollection(string collection, EmbeddingModelInfo model, double averageTerms, int? shardNumber, int? replicationFactor)
    {
        ArgumentNullException.ThrowIfNull(model);
        var request = new CreateCollection
        {
            CollectionName = collection,
            VectorsConfig = new VectorsConfig
            {
                ParamsMap = new VectorParamsMap
                {
                    Map = { [QdrantSchema.DenseVector] = new VectorParams { Size = (ulong)model.Dimensions, Distance = Distance.Cosine } },
                },
            },
            SparseVectorsConfig = new SparseVectorConfig
            {
                Map = { [QdrantSchema.SparseVector] = new SparseVectorParams { Modifier = Modifier.Idf } },
            },
            Metadata =
            {
                [QdrantSchema.MetaEmbeddingModel] = model.Id,
                [QdrantSchema.MetaDimensions] = (long)model.Dimensions,
                [QdrantSchema.MetaTermIds] = QdrantSchema.TermIdScheme,
                [QdrantSchema.MetaAverageTerms] = averageTerms,
                [QdrantSchema.MetaSchemaVersion] = (long)QdrantSchema.SchemaVersion,
            },
        };
        if (shardNumber is { } shards)
        {
            request.ShardNumber = (uint)shards;
        }

        if (replicationFactor is { } replicas)
        {
            request.ReplicationFactor = (uint)replicas;
        }

        return request;
    }

    /// <summary>
    /// A payload index. The scope index is marked as the tenant key: Qdrant then keeps each scope's points together on
    /// disk and in the HNSW graph, so one guild's search does not wade through every other guild's vectors.
    /// </summary>
    public static CreateFieldIndexCollection CreateIndex(string collection, string field, FieldType type)
    {
        var request = new CreateFieldIndexCollection { CollectionName = collection, FieldName = field, FieldType = type, Wait = true };
        if (field == QdrantSchema.Scope)
        {
            request.FieldIndexParams = new PayloadIndexParams { KeywordIndexParams = new KeywordIndexParams { IsTenant = true } };
        }

        return request;
    }

    /// <summary>Every read and every delete is under this: one scope.</summary>
    public static Filter ScopeFilter(ScopeId scope, DateOnly? publishedSince = null)
    {
        var filter = new Filter { Must = { MatchKeyword(QdrantSchema.Scope, scope.Value) } };
        if (publishedSince is { } since)
        {
            // Undated documents have no published_at and so never match a range: the same as SQL's NULL >= date.
            filter.Must.Add(new Condition
            {
                Field = new FieldCondition
                {
                    Key = QdrantSchema.PublishedAt,
                    DatetimeRange = new DatetimeRange { Gte = Timestamp.FromDateTime(since.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) },
                },
            });
        }

        return filter;
    }

    /// <summary>All points of one document in one scope: its chunks and its marker.</summary>
    public static Filter DocumentFilter(ScopeId scope, DocumentId document) => new()
    {
        Must = { MatchKeyword(QdrantSchema.Scope, scope.Value), MatchKeyword(QdrantSchema.DocumentId, document.Value) },
    };

    /// <summary>
    /// The document's points that are not among <paramref name="keep"/> (the ids just written): what is left of an
    /// earlier version with more chunks. Deciding by id rather than by a per-write stamp matters when two writers
    /// ingest the same document at once: each deletes only ids neither wrote, never the other's freshly written points,
    /// so the document cannot vanish between them.
    /// </summary>
    public static Filter StaleFilter(ScopeId scope, DocumentId document, IReadOnlyList<PointId> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var filter = DocumentFilter(scope, document);
        filter.MustNot.Add(new Condition { HasId = new HasIdCondition { HasId = { keep } } });
        return filter;
    }

    /// <summary>
    /// The points of a document version: one per chunk (dense vector, BM25 sparse vector unless the chunk has no terms,
    /// and what a citation needs), then the document's marker point (the record, no vectors) last.
    /// </summary>
    public static IReadOnlyList<PointStruct> DocumentPoints(DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, Bm25SparseEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(encoder);
        var points = new List<PointStruct>(chunks.Count + 1);
        foreach (var chunk in chunks)
        {
            var vectors = new NamedVectors { Vectors = { [QdrantSchema.DenseVector] = new Vector { Dense = new DenseVector { Data = { chunk.Embedding.ToArray() } } } } };
            var sparse = encoder.EncodeChunk(document.Title, chunk.HeadingPath, chunk.Text);
            if (!sparse.IsEmpty)
            {
                vectors.Vectors[QdrantSchema.SparseVector] = new Vector { Sparse = new SparseVector { Indices = { sparse.Indices }, Values = { sparse.Values } } };
            }

            var point = new PointStruct
            {
                Id = QdrantPointIds.Chunk(document.Scope, document.Id, chunk.Index),
                Vectors = new Vectors { Vectors_ = vectors },
                Payload =
                {
                    [QdrantSchema.Kind] = QdrantSchema.ChunkKind,
                    [QdrantSchema.Scope] = document.Scope.Value,
                    [QdrantSchema.DocumentId] = document.Id.Value,
                    [QdrantSchema.Title] = document.Title,
                    [QdrantSchema.Source] = document.Source,
                    [QdrantSchema.ChunkIndex] = (long)chunk.Index,
                    [QdrantSchema.Start] = (long)chunk.Start,
                    [QdrantSchema.End] = (long)chunk.End,
                    [QdrantSchema.Text] = chunk.Text,
                    [QdrantSchema.TokenCount] = (long)chunk.TokenCount,
                },
            };
            if (chunk.Location is { } location)
            {
                point.Payload[QdrantSchema.Location] = location;
            }

            if (TextBlockCodec.Encode(chunk.Blocks) is { } blocks)
            {
                point.Payload[QdrantSchema.Blocks] = blocks;
            }

            AddPublishedAt(point, document.PublishedAt);
            points.Add(point);
        }

        points.Add(Marker(document, chunks.Count));
        return points;
    }

    /// <summary>A document's marker point: its record as payload, no vectors, so no search ever returns it.</summary>
    public static PointStruct Marker(DocumentRecord document, int chunkCount)
    {
        ArgumentNullException.ThrowIfNull(document);
        var marker = new PointStruct
        {
            Id = QdrantPointIds.Document(document.Scope, document.Id),

            // Named vectors are optional per point: the marker has none, so no search ever returns it.
            Vectors = new Vectors { Vectors_ = new NamedVectors() },
            Payload =
            {
                [QdrantSchema.Kind] = QdrantSchema.DocumentKind,
                [QdrantSchema.Scope] = document.Scope.Value,
                [QdrantSchema.DocumentId] = document.Id.Value,
                [QdrantSchema.Title] = document.Title,
                [QdrantSchema.Source] = document.Source,
                [QdrantSchema.IngestedAt] = document.IngestedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                [QdrantSchema.ContentHash] = document.ContentHash,

                // As the embedded store does: the count of chunks actually stored.
                [QdrantSchema.ChunkCount] = (long)chunkCount,
                [QdrantSchema.TokenCount] = (long)document.TokenCount,
            },
        };
        AddPublishedAt(marker, document.PublishedAt);
        if (document.ETag is { } etag)
        {
            marker.Payload[QdrantSchema.ETag] = etag;
        }

        if (document.LastModified is { } lastModified)
        {
            marker.Payload[QdrantSchema.LastModified] = lastModified.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }

        if (document.StaleSince is { } stale)
        {
            marker.Payload[QdrantSchema.StaleSince] = stale.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }

        return marker;
    }

    /// <summary>Upserts of <paramref name="points"/> in batches, each acknowledged only once applied (<c>wait</c>).</summary>
    public static IReadOnlyList<UpsertPoints> Upserts(string collection, IReadOnlyList<PointStruct> points, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return [.. points.Chunk(batchSize).Select(batch => new UpsertPoints { CollectionName = collection, Wait = true, Points = { batch } })];
    }

    public static DeletePoints Delete(string collection, Filter filter) =>
        new() { CollectionName = collection, Wait = true, Points = new PointsSelector { Filter = filter } };

    public static CountPoints Count(string collection, Filter filter) => new() { CollectionName = collection, Filter = filter, Exact = true };

    public static GetPoints GetDocument(string collection, ScopeId scope, DocumentId document) => new()
    {
        CollectionName = collection,
        Ids = { QdrantPointIds.Document(scope, document) },
        WithPayload = true,
        WithVectors = false,
    };

    /// <summary>One page of every scope's document markers.</summary>
    public static ScrollPoints ListAllMarkers(string collection, PointId? offset, uint pageSize)
    {
        var filter = new Filter();
        filter.Must.Add(MatchKeyword(QdrantSchema.Kind, QdrantSchema.DocumentKind));
        var request = new ScrollPoints
        {
            CollectionName = collection,
            Filter = filter,
            Limit = pageSize,
            // Markers are small (no vectors, no text): their whole payload costs little more than the scope alone.
            WithPayload = true,
            WithVectors = false,
        };
        if (offset is not null)
        {
            request.Offset = offset;
        }

        return request;
    }

    /// <summary>One page of a scope's document markers.</summary>
    public static ScrollPoints ListDocuments(string collection, ScopeId scope, PointId? offset, uint pageSize)
    {
        var filter = ScopeFilter(scope);
        filter.Must.Add(MatchKeyword(QdrantSchema.Kind, QdrantSchema.DocumentKind));
        var request = new ScrollPoints { CollectionName = collection, Filter = filter, Limit = pageSize, WithPayload = true, WithVectors = false };
        if (offset is not null)
        {
            request.Offset = offset;
        }

        return request;
    }

    /// <summary>
    /// The search, as one batch. The first query is the answer: for hybrid search a dense prefetch and a sparse prefetch,
    /// each under the scope filter, fused by RRF; for one method, that method's nearest-neighbour query. For hybrid
    /// search the batch also carries each method's own query (ids and scores only, same filter and limit as its
    /// prefetch) so that results can report both methods' scores, as the embedded store does: Qdrant returns only the
    /// fused score. The batch is one round trip. Null when there is nothing to search with.
    /// </summary>
    public static QueryBatchPoints? Search(string collection, SearchQuery query, SparseTerms queryTerms)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(queryTerms);
        var keyword = query.Mode != RetrievalMode.Dense && !queryTerms.IsEmpty;
        var dense = query.Mode != RetrievalMode.Keyword && !query.Vector.IsEmpty;
        if (!keyword && !dense)
        {
            return null;
        }

        var filter = ScopeFilter(query.Scope, query.PublishedSince);
        if (query.Documents is { } documents)
        {
            filter.Must.Add(new Condition { Field = new FieldCondition { Key = QdrantSchema.DocumentId, Match = new Match { Keywords = new RepeatedStrings { Strings = { documents.Select(d => d.Value) } } } } });
        }

        var batch = new QueryBatchPoints { CollectionName = collection };
        if (query.Mode != RetrievalMode.Hybrid)
        {
            var single = keyword ? KeywordQuery(collection, queryTerms, filter, (ulong)query.Limit) : DenseQuery(collection, query.Vector, filter, (ulong)query.Limit);
            single.WithPayload = true;
            batch.QueryPoints.Add(single);
            return batch;
        }

        var perMethod = (ulong)Math.Max(query.CandidatesPerMethod, query.Limit);
        var components = new List<QueryPoints>(2);
        if (keyword)
        {
            components.Add(KeywordQuery(collection, queryTerms, filter, perMethod));
        }

        if (dense)
        {
            components.Add(DenseQuery(collection, query.Vector, filter, perMethod));
        }

        var fused = new QueryPoints
        {
            CollectionName = collection,
            Query = new Query { Rrf = new Rrf { K = RrfK } },
            Filter = filter.Clone(),
            Limit = (ulong)query.Limit,
            WithPayload = true,
        };
        foreach (var component in components)
        {
            fused.Prefetch.Add(new PrefetchQuery { Query = component.Query.Clone(), Using = component.Using, Filter = filter.Clone(), Limit = perMethod });
        }

        batch.QueryPoints.Add(fused);
        batch.QueryPoints.AddRange(components);
        return batch;
    }

    private static QueryPoints KeywordQuery(string collection, SparseTerms terms, Filter filter, ulong limit) => new()
    {
        CollectionName = collection,
        Query = new Query { Nearest = new VectorInput { Sparse = new SparseVector { Indices = { terms.Indices }, Values = { terms.Values } } } },
        Using = QdrantSchema.SparseVector,
        Filter = filter.Clone(),
        Limit = limit,
        WithPayload = false,
    };

    private static QueryPoints DenseQuery(string collection, ReadOnlyMemory<float> vector, Filter filter, ulong limit) => new()
    {
        CollectionName = collection,
        Query = new Query { Nearest = new VectorInput { Dense = new DenseVector { Data = { vector.ToArray() } } } },
        Using = QdrantSchema.DenseVector,
        Filter = filter.Clone(),
        Limit = limit,
        WithPayload = false,
    };

    /// <summary>Dates go in as RFC 3339 midnight UTC, the form Qdrant's datetime index parses.</summary>
    private static void AddPublishedAt(PointStruct point, DateOnly? publishedAt)
    {
        if (publishedAt is { } date)
        {
            point.Payload[QdrantSchema.PublishedAt] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";
        }
    }
}
