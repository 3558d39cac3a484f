using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;
using Polly;
using Polly.Retry;

namespace Briefer.Storage.Qdrant;

/// <summary>
/// The document store on a Qdrant server: one collection for every scope, each point a chunk (a cosine dense vector,
/// a BM25 sparse vector, and what a citation needs) or a document's marker (its record, no vectors). Every read and
/// delete is filtered by the tenant-indexed <c>scope</c> field inside the request itself. Hybrid search is Qdrant's
/// Query API: a dense and a sparse prefetch fused by RRF with the same constant as the embedded store.
/// </summary>
/// <remarks>
/// Qdrant has no multi-point transactions, so a replace is not atomic as it is in SQLite: for the moment between the
/// upsert of the new version and the delete of the old one's leftovers, a search may see chunks of both versions.
/// See <see cref="UpsertDocumentAsync"/> for why the order is upsert first.
/// </remarks>
public sealed class QdrantDocumentStore : IDocumentStore, IStoreIntegrityCheck, IDisposable
{
    private const uint ListPageSize = 256;

    private readonly QdrantStoreOptions _options;
    private readonly EmbeddingModelInfo _model;
    private readonly IQdrantGateway _gateway;
    private readonly TimeProvider _time;
    private readonly ILogger<QdrantDocumentStore> _logger;
    private readonly Bm25SparseEncoder _encoder;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private readonly ResiliencePipeline _retry;

    private static readonly ResiliencePropertyKey<string> OperationKey = new("briefer.qdrant.operation");
    private volatile bool _initialized;

    public QdrantDocumentStore(IOptions<QdrantStoreOptions> options, EmbeddingModelInfo model, TimeProvider time, ILogger<QdrantDocumentStore> logger)
        : this(options, model, CreateGateway(options, time), time, logger)
    {
    }

    internal QdrantDocumentStore(IOptions<QdrantStoreOptions> options, EmbeddingModelInfo model, IQdrantGateway gateway, TimeProvider time, ILogger<QdrantDocumentStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        _options = options.Value;
        _model = model;
        _gateway = gateway;
        _time = time;
        _logger = logger;
        _encoder = new Bm25SparseEncoder(_options.Bm25AverageTerms);
        _retry = CreateRetry();
    }

    /// <summary>The collection this store reads and writes.</summary>
    public string Collection => _options.Collection;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            var url = _options.SafeUrl;
            if (!await CallAsync("check the collection", ct => _gateway.CollectionExistsAsync(Collection, ct), cancellationToken).ConfigureAwait(false))
            {
                var create = QdrantRequests.CreateCollection(Collection, _model, _options.Bm25AverageTerms, _options.ShardNumber, _options.ReplicationFactor);
                try
                {
                    await CallAsync("create the collection", ct => _gateway.CreateCollectionAsync(create, ct), cancellationToken).ConfigureAwait(false);
                    Log.CollectionCreated(_logger, Collection, url, _model.Id, _model.Dimensions);
                }
                catch (InvalidOperationException)
                {
                    // Another replica may have created it first; then it is checked below like any existing collection.
                    if (!await CallAsync("check the collection", ct => _gateway.CollectionExistsAsync(Collection, ct), cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }
                }
            }

            var info = await CallAsync("read the collection", ct => _gateway.GetCollectionInfoAsync(Collection, ct), cancellationToken).ConfigureAwait(false);
            if (QdrantResults.CheckCollection(info, Collection, url, _model) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            if (QdrantResults.RecordedAverageTerms(info) is { } recorded && Math.Abs(recorded - _options.Bm25AverageTerms) > 1e-9)
            {
                Log.AverageTermsChanged(_logger, Collection, recorded, _options.Bm25AverageTerms);
            }

            // Creating an index that exists is a no-op in Qdrant, but skipping known ones keeps start-up to one round trip.
            foreach (var (field, type) in QdrantSchema.Indexes)
            {
                if (!info.PayloadSchema.ContainsKey(field))
                {
                    var index = QdrantRequests.CreateIndex(Collection, field, type);
                    await CallAsync("create a payload index", ct => _gateway.CreateFieldIndexAsync(index, ct), cancellationToken).ConfigureAwait(false);
                    Log.IndexCreated(_logger, field, type.ToString(), Collection);
                }
            }

            Log.CollectionReady(_logger, Collection, url);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>
    /// The collection's own health as Qdrant reports it: red (an optimizer failed, e.g. a damaged segment or a full disk)
    /// is damage; yellow and grey are optimizations still pending, which searches survive.
    /// </summary>
    public async Task<string?> CheckIntegrityAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var info = await CallAsync("read the collection", ct => _gateway.GetCollectionInfoAsync(Collection, ct), cancellationToken).ConfigureAwait(false);
        return QdrantResults.CheckHealth(info, Collection, _options.SafeUrl);
    }

    public async Task<DocumentRecord?> GetDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var request = QdrantRequests.GetDocument(Collection, scope, id);
        var points = await CallAsync("read a document", ct => _gateway.GetAsync(request, ct), cancellationToken).ConfigureAwait(false);
        var marker = points.FirstOrDefault(p => QdrantResults.IsDocumentOf(p.Payload, scope));
        return marker is null ? null : QdrantResults.ReadDocument(marker.Payload);
    }

    /// <summary>
    /// Writes the new version's points (deterministic ids: chunk i of the new version overwrites chunk i of the old),
    /// then the document's marker, then deletes by filter the document's points whose ids were not just written (the
    /// old version's chunks beyond the new chunk count). Upsert first, delete after: at every moment the document has
    /// chunks to find, and a failure half-way leaves only extra stale points, which the next ingest of the document
    /// removes. Delete-first would leave a window in which searches miss the document, and, if the upsert after it
    /// failed, a document that is gone (or listed with nothing to find) until someone notices and ingests it again.
    /// </summary>
    public async Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken)
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
        var points = QdrantRequests.DocumentPoints(document, chunks, _encoder);
        var upserts = QdrantRequests.Upserts(Collection, points, _options.UpsertBatchSize);
        foreach (var upsert in upserts)
        {
            await CallAsync("upsert points", ct => _gateway.UpsertAsync(upsert, ct), cancellationToken).ConfigureAwait(false);
        }

        var stale = QdrantRequests.Delete(Collection, QdrantRequests.StaleFilter(document.Scope, document.Id, [.. points.Select(p => p.Id)]));
        await CallAsync("delete stale points", ct => _gateway.DeleteAsync(stale, ct), cancellationToken).ConfigureAwait(false);
        Log.Upserted(_logger, document.Id.Value, document.Scope.Value, points.Count, upserts.Count);
    }

    public async Task<bool> DeleteDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var filter = QdrantRequests.DocumentFilter(scope, id);

        // Counting chunks and marker alike: a document whose ingest failed half-way is still there to be deleted.
        var count = QdrantRequests.Count(Collection, filter);
        if (await CallAsync("count a document's points", ct => _gateway.CountAsync(count, ct), cancellationToken).ConfigureAwait(false) == 0)
        {
            return false;
        }

        var delete = QdrantRequests.Delete(Collection, filter);
        await CallAsync("delete a document", ct => _gateway.DeleteAsync(delete, ct), cancellationToken).ConfigureAwait(false);
        Log.Deleted(_logger, id.Value, scope.Value);
        return true;
    }

    public async Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(ScopeId scope, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<DocumentRecord>();
        PointId? offset = null;
        do
        {
            var request = QdrantRequests.ListDocuments(Collection, scope, offset, ListPageSize);
            var page = await CallAsync("list documents", ct => _gateway.ScrollAsync(request, ct), cancellationToken).ConfigureAwait(false);
            documents.AddRange(page.Result.Where(p => QdrantResults.IsDocumentOf(p.Payload, scope)).Select(p => QdrantResults.ReadDocument(p.Payload)));
            offset = page.NextPageOffset;
        }
        while (offset is not null);

        // As the embedded store orders them; a scope has at most thousands of documents, so sorting here is cheap.
        return [.. documents.OrderByDescending(d => d.IngestedAt).ThenBy(d => d.Title, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Mode != RetrievalMode.Keyword && !query.Vector.IsEmpty && query.Vector.Length != _model.Dimensions)
        {
            throw new ArgumentException($"The query vector has {query.Vector.Length} dimensions; the store holds {_model.Dimensions}.", nameof(query));
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var terms = query.Mode == RetrievalMode.Dense ? SparseTerms.Empty : Bm25SparseEncoder.EncodeQuery(query.Text);
        if (query.Limit <= 0 || query.Documents is { Count: 0 } || QdrantRequests.Search(Collection, query, terms) is not { } batch)
        {
            return [];
        }

        var responses = await CallAsync("search", ct => _gateway.QueryBatchAsync(batch, ct), cancellationToken).ConfigureAwait(false);
        var answer = responses[0];
        if (query.Mode != RetrievalMode.Hybrid)
        {
            return [.. answer.Select(p => QdrantResults.ReadChunk(
                p.Payload,
                p.Score,
                query.Mode == RetrievalMode.Keyword ? p.Score : null,
                query.Mode == RetrievalMode.Dense ? p.Score : null))];
        }

        // The component queries follow the fused one, in the order Search built them: keyword (if any), then dense (if any).
        var keywordScores = new Dictionary<PointId, double>();
        var denseScores = new Dictionary<PointId, double>();
        var next = 1;
        if (!terms.IsEmpty)
        {
            keywordScores = responses[next++].ToDictionary(p => p.Id, p => (double)p.Score);
        }

        if (!query.Vector.IsEmpty)
        {
            denseScores = responses[next].ToDictionary(p => p.Id, p => (double)p.Score);
        }

        return [.. answer.Select(p => QdrantResults.ReadChunk(
            p.Payload,
            p.Score,
            keywordScores.TryGetValue(p.Id, out var k) ? k : null,
            denseScores.TryGetValue(p.Id, out var d) ? d : null))];
    }

    public async Task<bool> UpdateSourceStateAsync(ScopeId scope, DocumentId id, SourceState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var document = await GetDocumentAsync(scope, id, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return false;
        }

        // The marker alone is rewritten: chunks keep their vectors.
        var marker = QdrantRequests.Marker(document with { ETag = state.ETag, LastModified = state.LastModified, StaleSince = state.StaleSince }, document.ChunkCount);
        var upsert = QdrantRequests.Upserts(Collection, [marker], 1)[0];
        await CallAsync("update a document's source state", ct => _gateway.UpsertAsync(upsert, ct), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<ScopeId>> ListScopesAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var scopes = new SortedSet<string>(StringComparer.Ordinal);
        PointId? offset = null;
        do
        {
            var request = QdrantRequests.ListAllMarkers(Collection, offset, ListPageSize);
            var page = await CallAsync("list scopes", ct => _gateway.ScrollAsync(request, ct), cancellationToken).ConfigureAwait(false);
            foreach (var point in page.Result)
            {
                if (point.Payload.TryGetValue(QdrantSchema.Scope, out var scope) && scope.HasStringValue)
                {
                    scopes.Add(scope.StringValue);
                }
            }

            offset = page.NextPageOffset;
        }
        while (offset is not null);

        return [.. scopes.Select(s => new ScopeId(s))];
    }

    /// <summary>Deletes the whole collection. For tests and tooling that made a collection of their own.</summary>
    internal Task DeleteCollectionAsync(CancellationToken cancellationToken) =>
        CallAsync("delete the collection", ct => _gateway.DeleteCollectionAsync(Collection, ct), cancellationToken);

    public void Dispose()
    {
        _gateway.Dispose();
        _initLock.Dispose();
    }

    /// <summary>
    /// The back-off before retry <paramref name="attempt"/> (0-based): the base delay doubled per attempt, capped at
    /// 30 s, times a jitter factor in [0.5, 1) so replicas that failed together do not retry together.
    /// </summary>
    internal static TimeSpan BackOff(TimeSpan baseDelay, int attempt, double jitter)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        return TimeSpan.FromMilliseconds(Math.Min(exponential, 30_000) * (0.5 + (jitter / 2)));
    }

    /// <summary>Whether a failure may pass if tried again. Every call the store makes is idempotent, so all may be retried.</summary>
    internal static bool IsTransient(StatusCode status) =>
        status is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted;

    private static IQdrantGateway CreateGateway(IOptions<QdrantStoreOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GrpcQdrantGateway(options.Value.Url, options.Value.ApiKey, options.Value.RequestTimeout, time);
    }

    private async Task CallAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await CallAsync(
            operation,
            async ct =>
            {
                await call(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>Runs one Qdrant call: transient failures are retried with back-off; the rest become a message naming the URL.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        try
        {
            return await _retry.ExecuteAsync(
                async (ctx, state) =>
                {
                    Interlocked.Increment(ref attempts);
                    return await state(ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                call).ConfigureAwait(false);
        }
        catch (RpcException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Qdrant {operation} was cancelled.", ex, cancellationToken);
        }
        catch (RpcException ex)
        {
            throw Describe(ex, operation, attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Polly's retry: transient gRPC statuses (<see cref="IsTransient"/>) up to <c>Store:Qdrant:MaxRetries</c> times,
    /// waiting <see cref="BackOff"/> on the injected clock.
    /// </summary>
    private ResiliencePipeline CreateRetry() => _options.MaxRetries < 1
        ? ResiliencePipeline.Empty
        : new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                ShouldHandle = new PredicateBuilder().Handle<RpcException>(ex => IsTransient(ex.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(BackOff(_options.RetryBaseDelay, args.AttemptNumber, Random.Shared.NextDouble())),
                OnRetry = args =>
                {
                    var status = args.Outcome.Exception is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown;
                    Log.Retrying(_logger, _options.SafeUrl, args.Context.Properties.GetValue(OperationKey, "call"), status, args.AttemptNumber + 1, _options.MaxRetries, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();

    private InvalidOperationException Describe(RpcException ex, string operation, int attempts)
    {
        var url = _options.SafeUrl;
        var detail = string.IsNullOrWhiteSpace(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail;
        var message = ex.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.DeadlineExceeded =>
                $"Qdrant is not reachable at {url} ({ex.StatusCode}: {detail}; tried {attempts} time(s) to {operation}). " +
                $"Check that the server is running and that Store:Qdrant:Url (or {QdrantStoreOptions.UrlVariable}) names its gRPC port, usually 6334.",
            StatusCode.Unauthenticated or StatusCode.PermissionDenied =>
                $"Qdrant at {url} refused Briefer's credentials ({ex.StatusCode}). Check Store:Qdrant:ApiKey (or {QdrantStoreOptions.ApiKeyVariable}).",
            _ => $"Qdrant at {url} could not {operation} in collection '{Collection}': {ex.StatusCode}: {detail}",
        };
        return new InvalidOperationException(message, ex);
    }
}
