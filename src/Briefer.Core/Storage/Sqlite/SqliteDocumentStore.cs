using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file with documents, chunks and their vectors, and an FTS5 index for BM25.
/// WAL journaling and a busy timeout let several processes share one data directory safely.
/// Dense search is exact: the scope's vectors are held in memory and scanned with SIMD dot products
/// (see <see cref="ScopeVectorCache"/>).
/// </summary>
public sealed partial class SqliteDocumentStore : IDocumentStore, IStoreIntegrityCheck, IDisposable
{
    private const int SchemaVersion = SqliteVisibility.SchemaVersion;
    private const string DocumentColumns = "id, scope, title, source, published_at, ingested_at, content_hash, chunk_count, token_count, etag, last_modified, stale_since, visibility";

    private readonly SqliteDatabase _database;
    private readonly EmbeddingModelInfo _model;
    private readonly ILogger<SqliteDocumentStore> _logger;
    private readonly ScopeVectorCache _vectors;
    private readonly Fts5KeywordSearch _keyword = new();

    public SqliteDocumentStore(IOptions<StoreOptions> options, EmbeddingModelInfo model, ILogger<SqliteDocumentStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        var value = options.Value;
        _database = new SqliteDatabase(Path.Combine(Path.GetFullPath(value.DataDirectory), "briefer.db"), value.BusyTimeout);
        _readOnlyRequested = value.ReadOnly;
        _model = model;
        _logger = logger;
        _vectors = new ScopeVectorCache(value.VectorCacheBytes)
        {
            OnOversized = (scope, bytes) => Log.VectorCacheOversized(logger, scope.Value, bytes / (1024 * 1024), value.VectorCacheBytes / (1024 * 1024)),
            OnEvicted = (scope, bytes) => Log.VectorCacheEvicted(logger, scope.Value, bytes / 1024),
        };
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string DatabasePath => _database.Path;

    /// <summary>The BM25 statistics this store keeps in memory (for tests and diagnostics).</summary>
    internal KeywordStatistics KeywordStatistics => _keyword.Statistics;

    /// <summary>What the in-memory vector cache holds now (for benchmarks and diagnostics).</summary>
    public VectorCacheStats VectorCache => _vectors.Stats;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_database.IsInitialized)
        {
            return;
        }

        try
        {
            var directory = Path.GetDirectoryName(DatabasePath)!;
            Directory.CreateDirectory(directory);
            if (_readOnlyRequested || !CanWrite(directory))
            {
                await _database.InitializeWithAsync(InitializeReadOnlyAsync, cancellationToken).ConfigureAwait(false);
                return;
            }

            var opened = await _database.InitializeAsync(async (connection, transaction, token) =>
            {
                await ExecuteAsync(connection, Schema + KeywordStatistics.Schema, token, transaction).ConfigureAwait(false);
                await MigrateAsync(connection, transaction, token).ConfigureAwait(false);
                await SqliteVisibility.MigrateAsync(connection, transaction, token).ConfigureAwait(false);
                await CheckModelAsync(connection, transaction, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            if (opened)
            {
                Log.StoreOpened(_logger, DatabasePath);
            }
        }
        catch (SqliteException ex)
        {
            throw StoreFailureException.FromSqlite(ex, DatabasePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StoreFailureException.FromIo(ex, DatabasePath);
        }
    }

    public Task<DocumentRecord?> GetDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) =>
        GuardAsync(() => GetDocumentCoreAsync(scope, id, cancellationToken));

    private async Task<DocumentRecord?> GetDocumentCoreAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE scope = $scope AND id = $id";
        command.Parameters.AddWithValue("$scope", scope.Value);
        command.Parameters.AddWithValue("$id", id.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadDocument(reader) : null;
    }

    public Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken) =>
        GuardAsync(() => UpsertDocumentCoreAsync(document, chunks, cancellationToken));

    private async Task UpsertDocumentCoreAsync(DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            if (chunk.Embedding.Length != _model.Dimensions)
            {
                throw new ArgumentException($"Chunk {chunk.Index} has a {chunk.Embedding.Length}-dimensional vector; the store holds {_model.Dimensions}-dimensional vectors of {_model.Id}.", nameof(chunks));
            }
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfReadOnly();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): take the write lock up front, so two writers queue on the
        // busy timeout instead of failing half-way. Readers keep seeing the old version until COMMIT (WAL).
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var write = _keyword.Statistics.BeginWrite();
        try
        {
            await UpsertRowsAsync(connection, transaction, write, document, chunks, cancellationToken).ConfigureAwait(false);
            var version = await BumpScopeVersionAsync(connection, transaction, document.Scope, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _keyword.Statistics.Complete(write, version);
        }
        catch
        {
            _keyword.Statistics.Abandon();
            throw;
        }
    }

    private static async Task UpsertRowsAsync(SqliteConnection connection, SqliteTransaction transaction, KeywordWrite write, DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken)
    {
        await DeleteDocumentRowsAsync(connection, transaction, write, document.Scope, document.Id, cancellationToken).ConfigureAwait(false);

        await using (var insertDocument = connection.CreateCommand())
        {
            insertDocument.Transaction = transaction;
            insertDocument.CommandText = """
                INSERT INTO documents (scope, id, title, source, published_at, ingested_at, content_hash, chunk_count, token_count, etag, last_modified, stale_since, visibility)
                VALUES ($scope, $id, $title, $source, $published, $ingested, $hash, $chunks, $tokens, $etag, $lastModified, $stale, $visibility)
                """;
            insertDocument.Parameters.AddWithValue("$scope", document.Scope.Value);
            insertDocument.Parameters.AddWithValue("$id", document.Id.Value);
            insertDocument.Parameters.AddWithValue("$title", document.Title);
            insertDocument.Parameters.AddWithValue("$source", document.Source);
            insertDocument.Parameters.AddWithValue("$published", (object?)document.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? DBNull.Value);
            insertDocument.Parameters.AddWithValue("$ingested", document.IngestedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            insertDocument.Parameters.AddWithValue("$hash", document.ContentHash);
            insertDocument.Parameters.AddWithValue("$chunks", chunks.Count);
            insertDocument.Parameters.AddWithValue("$tokens", document.TokenCount);
            insertDocument.Parameters.AddWithValue("$etag", (object?)document.ETag ?? DBNull.Value);
            insertDocument.Parameters.AddWithValue("$lastModified", (object?)FormatTime(document.LastModified) ?? DBNull.Value);
            insertDocument.Parameters.AddWithValue("$stale", (object?)FormatTime(document.StaleSince) ?? DBNull.Value);
            insertDocument.Parameters.AddWithValue("$visibility", document.Visibility.Key);
            await insertDocument.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var insertChunk = connection.CreateCommand())
        await using (var insertTerms = connection.CreateCommand())
        {
            insertChunk.Transaction = transaction;
            insertChunk.CommandText = """
                INSERT INTO chunks (scope, document_id, chunk_index, start_offset, end_offset, text, token_count, embedding, location, blocks, visibility)
                VALUES ($scope, $doc, $index, $start, $end, $text, $tokens, $embedding, $location, $blocks, $visibility)
                RETURNING rowid
                """;
            insertChunk.Parameters.AddWithValue("$scope", document.Scope.Value);
            insertChunk.Parameters.AddWithValue("$doc", document.Id.Value);
            insertChunk.Parameters.AddWithValue("$visibility", document.Visibility.Key);
            var pIndex = insertChunk.Parameters.Add("$index", SqliteType.Integer);
            var pStart = insertChunk.Parameters.Add("$start", SqliteType.Integer);
            var pEnd = insertChunk.Parameters.Add("$end", SqliteType.Integer);
            var pText = insertChunk.Parameters.Add("$text", SqliteType.Text);
            var pTokens = insertChunk.Parameters.Add("$tokens", SqliteType.Integer);
            var pEmbedding = insertChunk.Parameters.Add("$embedding", SqliteType.Blob);
            var pLocation = insertChunk.Parameters.Add("$location", SqliteType.Text);
            var pBlocks = insertChunk.Parameters.Add("$blocks", SqliteType.Text);

            insertTerms.Transaction = transaction;
            insertTerms.CommandText = "INSERT INTO chunks_fts (rowid, scope_key, terms) VALUES ($rowid, $scopeKey, $terms)";
            var pRowId = insertTerms.Parameters.Add("$rowid", SqliteType.Integer);
            insertTerms.Parameters.AddWithValue("$scopeKey", ScopeKey(document.Scope));
            var pTerms = insertTerms.Parameters.Add("$terms", SqliteType.Text);

            foreach (var chunk in chunks)
            {
                pIndex.Value = chunk.Index;
                pStart.Value = chunk.Start;
                pEnd.Value = chunk.End;
                pText.Value = chunk.Text;
                pTokens.Value = chunk.TokenCount;
                pEmbedding.Value = MemoryMarshal.AsBytes(chunk.Embedding.Span).ToArray();
                pLocation.Value = (object?)chunk.Location ?? DBNull.Value;
                pBlocks.Value = (object?)TextBlockCodec.Encode(chunk.Blocks) ?? DBNull.Value;
                var rowId = (long)(await insertChunk.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;

                pRowId.Value = rowId;
                var terms = string.Join(' ', KeywordAnalyzer.Analyze(KeywordAnalyzer.KeywordText(document.Title, chunk.HeadingPath, chunk.Text)));
                pTerms.Value = terms;
                write.Count(terms, +1);
                await insertTerms.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task<bool> DeleteDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) =>
        GuardAsync(() => DeleteDocumentCoreAsync(scope, id, cancellationToken));

    private async Task<bool> DeleteDocumentCoreAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfReadOnly();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var write = _keyword.Statistics.BeginWrite();
        try
        {
            var deleted = await DeleteDocumentRowsAsync(connection, transaction, write, scope, id, cancellationToken).ConfigureAwait(false);
            if (!deleted)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                _keyword.Statistics.Abandon();
                return false;
            }

            var version = await BumpScopeVersionAsync(connection, transaction, scope, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _keyword.Statistics.Complete(write, version);
            return true;
        }
        catch
        {
            _keyword.Statistics.Abandon();
            throw;
        }
    }

    public Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(ScopeId scope, CancellationToken cancellationToken) =>
        GuardAsync(() => ListDocumentsCoreAsync(scope, cancellationToken));

    private async Task<IReadOnlyList<DocumentRecord>> ListDocumentsCoreAsync(ScopeId scope, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DocumentColumns} FROM documents WHERE scope = $scope ORDER BY ingested_at DESC, title";
        command.Parameters.AddWithValue("$scope", scope.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<DocumentRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(ReadDocument(reader));
        }

        return documents;
    }

    public Task<IReadOnlyList<RetrievedChunk>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) =>
        GuardAsync(() => SearchCoreAsync(query, cancellationToken));

    private async Task<IReadOnlyList<RetrievedChunk>> SearchCoreAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Documents is { Count: 0 } || query.Limit <= 0)
        {
            return [];
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var perMethod = query.Mode == RetrievalMode.Hybrid ? Math.Max(query.CandidatesPerMethod, query.Limit) : query.Limit;
        var allowed = query.Documents is { } documents ? await ChunksOfAsync(connection, query.Scope, documents, cancellationToken).ConfigureAwait(false) : null;
        var hidden = await SqliteVisibility.HiddenAsync(connection, query.Scope, query.Audience, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<(long RowId, double Score)> keyword = [];
        var denseSearch = Task.FromResult<IReadOnlyList<(long RowId, double Score)>>([]);
        if (query.Mode != RetrievalMode.Keyword && !query.Vector.IsEmpty)
        {
            var lease = await GetVectorsAsync(connection, query.Scope, cancellationToken).ConfigureAwait(false);
            var vector = query.Vector;

            // In hybrid mode the exact scan runs on another thread while FTS5 answers the keyword half on this one, so
            // retrieval takes the longer of the two rather than their sum (the scan needs no connection). The scan
            // itself releases the lease, so it holds the snapshot however this method ends; it is not cancellable, so it
            // always runs and always releases.
            denseSearch = query.Mode == RetrievalMode.Dense ? Task.FromResult(Scan()) : Task.Run(Scan, CancellationToken.None);

            IReadOnlyList<(long RowId, double Score)> Scan()
            {
                using (lease)
                {
                    return lease.Vectors.Search(vector.Span, perMethod, query.PublishedSince, allowed, hidden?.Audience);
                }
            }
        }

        if (query.Mode != RetrievalMode.Dense)
        {
            keyword = await _keyword.SearchAsync(connection, query, perMethod, hidden, cancellationToken).ConfigureAwait(false);
        }

        var dense = await denseSearch.ConfigureAwait(false);

        var keywordScores = keyword.ToDictionary(x => x.RowId, x => x.Score);
        var denseScores = dense.ToDictionary(x => x.RowId, x => x.Score);
        IReadOnlyList<(long RowId, double Score)> ranked = query.Mode switch
        {
            RetrievalMode.Keyword => keyword,
            RetrievalMode.Dense => dense,
            _ => ReciprocalRankFusion.Fuse([keyword.Select(x => x.RowId).ToList(), dense.Select(x => x.RowId).ToList()]),
        };

        var top = ranked.Take(query.Limit).ToList();
        var rows = await LoadChunksAsync(connection, top.Select(x => x.RowId).ToList(), cancellationToken).ConfigureAwait(false);
        var results = new List<RetrievedChunk>(top.Count);
        foreach (var (rowId, score) in top)
        {
            if (rows.TryGetValue(rowId, out var row))
            {
                results.Add(row with
                {
                    Score = score,
                    KeywordScore = keywordScores.TryGetValue(rowId, out var k) ? k : null,
                    DenseScore = denseScores.TryGetValue(rowId, out var d) ? d : null,
                });
            }
        }

        return results;
    }

    public Task<bool> UpdateSourceStateAsync(ScopeId scope, DocumentId id, SourceState state, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(state);
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfReadOnly();
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE documents SET etag = $etag, last_modified = $lastModified, stale_since = $stale WHERE scope = $scope AND id = $id";
            command.Parameters.AddWithValue("$etag", (object?)state.ETag ?? DBNull.Value);
            command.Parameters.AddWithValue("$lastModified", (object?)FormatTime(state.LastModified) ?? DBNull.Value);
            command.Parameters.AddWithValue("$stale", (object?)FormatTime(state.StaleSince) ?? DBNull.Value);
            command.Parameters.AddWithValue("$scope", scope.Value);
            command.Parameters.AddWithValue("$id", id.Value);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        });

    public Task<IReadOnlyList<ScopeId>> ListScopesAsync(CancellationToken cancellationToken) =>
        GuardAsync<IReadOnlyList<ScopeId>>(async () =>
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT scope FROM documents ORDER BY scope";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var scopes = new List<ScopeId>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                scopes.Add(new ScopeId(reader.GetString(0)));
            }

            return scopes;
        });

    public void Dispose() => _database.Dispose();

    /// <summary>Turns SQLite and file-system failures into a <see cref="StoreFailureException"/> that says which and what to do.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw StoreFailureException.FromSqlite(ex, DatabasePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StoreFailureException.FromIo(ex, DatabasePath);
        }
    }

    private async Task GuardAsync(Func<Task> operation) =>
        await GuardAsync(async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    /// <summary>
    /// Older databases gain the columns of the current schema: schema 2's chunk locations, web-page validators and
    /// staleness, schema 3's chunk blocks (null for chunks stored before: they come back with no blocks).
    /// </summary>
    private static async Task MigrateAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var (table, column) in new[] { ("chunks", "location"), ("documents", "etag"), ("documents", "last_modified"), ("documents", "stale_since"), ("chunks", "blocks") })
        {
            await SqliteDatabase.AddColumnIfMissingAsync(connection, transaction, table, column, "TEXT NULL", cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, "UPDATE meta SET value = '3' WHERE key = 'schema_version' AND value IN ('1', '2')", cancellationToken, transaction).ConfigureAwait(false);
    }

    /// <summary>The row ids of the chunks of <paramref name="documents"/> in <paramref name="scope"/>.</summary>
    private static async Task<HashSet<long>> ChunksOfAsync(SqliteConnection connection, ScopeId scope, IReadOnlyCollection<DocumentId> documents, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT c.rowid FROM chunks c WHERE c.scope = $scope AND c.document_id IN (SELECT value FROM json_each($documents))";
        command.Parameters.AddWithValue("$scope", scope.Value);
        command.Parameters.AddWithValue("$documents", JsonIds(documents));
        var rows = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }

    /// <summary>Document ids as a JSON array, for <c>json_each</c> (ids are 16 hex characters: nothing to escape).</summary>
    internal static string JsonIds(IEnumerable<DocumentId> documents) => "[" + string.Join(',', documents.Select(d => "\"" + d.Value + "\"")) + "]";

    private async Task<ScopeVectorLease> GetVectorsAsync(SqliteConnection connection, ScopeId scope, CancellationToken cancellationToken)
    {
        var version = await ScopeVectorLoader.ReadVersionAsync(connection, null, scope, cancellationToken).ConfigureAwait(false);
        return await _vectors.GetAsync(scope, version, LoadAsync, cancellationToken).ConfigureAwait(false);

        // The load may be shared by several searches, so it runs on a connection of its own and is not cancelled by any one of them.
        async Task<ScopeVectors> LoadAsync()
        {
            await using var own = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
            return await ScopeVectorLoader.LoadAsync(own, scope, _model.Dimensions, _vectors.Rent, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Scopes go into FTS5 as one opaque token, so a MATCH on scope can never match part of another scope.</summary>
    internal static string ScopeKey(ScopeId scope) => "s" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(scope.Value));

    private static async Task<Dictionary<long, RetrievedChunk>> LoadChunksAsync(SqliteConnection connection, IReadOnlyList<long> rowIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, RetrievedChunk>();
        if (rowIds.Count == 0)
        {
            return result;
        }

        await using var command = connection.CreateCommand();
        var names = new List<string>(rowIds.Count);
        for (var i = 0; i < rowIds.Count; i++)
        {
            names.Add("$r" + i.ToString(CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue(names[i], rowIds[i]);
        }

        command.CommandText = $"""
            SELECT c.rowid, c.document_id, d.title, d.source, d.published_at, c.chunk_index, c.start_offset, c.end_offset, c.text, c.location, c.blocks
            FROM chunks c JOIN documents d ON d.scope = c.scope AND d.id = c.document_id
            WHERE c.rowid IN ({string.Join(',', names)})
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = new RetrievedChunk(
                new DocumentId(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                ParseDate(reader, 4),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetInt32(7),
                reader.GetString(8),
                0,
                null,
                null,
                reader.IsDBNull(9) ? null : reader.GetString(9))
            {
                Blocks = TextBlockCodec.Decode(reader.IsDBNull(10) ? null : reader.GetString(10)),
            };
        }

        return result;
    }

    private static async Task<bool> DeleteDocumentRowsAsync(SqliteConnection connection, SqliteTransaction transaction, KeywordWrite write, ScopeId scope, DocumentId id, CancellationToken cancellationToken)
    {
        // The removed chunks' terms, so the cached document frequencies can move by exactly what this write removes.
        await using (var terms = connection.CreateCommand())
        {
            terms.Transaction = transaction;
            terms.CommandText = "SELECT terms FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE scope = $scope AND document_id = $id)";
            terms.Parameters.AddWithValue("$scope", scope.Value);
            terms.Parameters.AddWithValue("$id", id.Value);
            await using var reader = await terms.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                write.Count(reader.GetString(0), -1);
            }
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM chunks_fts WHERE rowid IN (SELECT rowid FROM chunks WHERE scope = $scope AND document_id = $id);
            DELETE FROM chunks WHERE scope = $scope AND document_id = $id;
            DELETE FROM documents WHERE scope = $scope AND id = $id;
            SELECT changes();
            """;
        command.Parameters.AddWithValue("$scope", scope.Value);
        command.Parameters.AddWithValue("$id", id.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
    }

    /// <summary>Bumps the scope's version and the keyword index's; returns the new keyword index version.</summary>
    private static async Task<long> BumpScopeVersionAsync(SqliteConnection connection, SqliteTransaction transaction, ScopeId scope, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO scope_versions (scope, version) VALUES ($scope, 1) ON CONFLICT(scope) DO UPDATE SET version = version + 1";
            command.Parameters.AddWithValue("$scope", scope.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = KeywordStatistics.BumpVersionSql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }

    private async Task CheckModelAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken, bool canWrite = true)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT key, value FROM meta";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                meta[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var dimensions = _model.Dimensions.ToString(CultureInfo.InvariantCulture);
        if (meta.TryGetValue("embedding_model", out var storedModel))
        {
            var storedDimensions = meta.GetValueOrDefault("embedding_dimensions");
            if (storedModel != _model.Id || storedDimensions != dimensions)
            {
                throw new InvalidOperationException(
                    $"The database at '{DatabasePath}' holds vectors of '{storedModel}' ({storedDimensions} dimensions), " +
                    $"but Briefer is configured with '{_model.Id}' ({dimensions} dimensions). Vectors of two models cannot be mixed: " +
                    "use another data directory, or delete this one and ingest the documents again.");
            }

            if (meta.GetValueOrDefault("schema_version") is { } version && int.Parse(version, CultureInfo.InvariantCulture) > SchemaVersion)
            {
                throw new InvalidOperationException($"The database at '{DatabasePath}' was written by a newer Briefer (schema {version}); upgrade Briefer.");
            }

            return;
        }

        if (!canWrite)
        {
            return;
        }

        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = "INSERT INTO meta (key, value) VALUES ('embedding_model', $model), ('embedding_dimensions', $dims), ('schema_version', $schema)";
        write.Parameters.AddWithValue("$model", _model.Id);
        write.Parameters.AddWithValue("$dims", dimensions);
        write.Parameters.AddWithValue("$schema", SchemaVersion.ToString(CultureInfo.InvariantCulture));
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => _database.OpenAsync(cancellationToken);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static DateOnly? ParseDate(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DocumentRecord ReadDocument(SqliteDataReader reader) => new(
        new DocumentId(reader.GetString(0)),
        new ScopeId(reader.GetString(1)),
        reader.GetString(2),
        reader.GetString(3),
        ParseDate(reader, 4),
        DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        reader.GetString(6),
        reader.GetInt32(7),
        reader.GetInt32(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        ParseTime(reader, 10),
        ParseTime(reader, 11))
    {
        Visibility = Visibility.FromKey(reader.GetString(12)),
    };

    private static string? FormatTime(DateTimeOffset? time) => time?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS documents (
            scope TEXT NOT NULL,
            id TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            published_at TEXT NULL,
            ingested_at TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            chunk_count INTEGER NOT NULL,
            token_count INTEGER NOT NULL,
            etag TEXT NULL,
            last_modified TEXT NULL,
            stale_since TEXT NULL,
            PRIMARY KEY (scope, id));
        CREATE TABLE IF NOT EXISTS chunks (
            rowid INTEGER PRIMARY KEY,
            scope TEXT NOT NULL,
            document_id TEXT NOT NULL,
            chunk_index INTEGER NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            text TEXT NOT NULL,
            token_count INTEGER NOT NULL,
            embedding BLOB NOT NULL,
            location TEXT NULL,
            blocks TEXT NULL,
            FOREIGN KEY (scope, document_id) REFERENCES documents (scope, id) ON DELETE CASCADE);
        CREATE INDEX IF NOT EXISTS chunks_by_document ON chunks (scope, document_id, chunk_index);
        CREATE TABLE IF NOT EXISTS scope_versions (scope TEXT PRIMARY KEY, version INTEGER NOT NULL);
        CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5 (scope_key, terms, tokenize = "unicode61 remove_diacritics 0 tokenchars '_'");
        """;
}
