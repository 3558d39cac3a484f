using Grpc.Core;
using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant;

/// <summary>
/// <see cref="IQdrantGateway"/> over Qdrant.Client's low-level gRPC client: one channel for the store's lifetime,
/// a fresh deadline per call. No retries or error translation here; the store does both.
/// </summary>
internal sealed class GrpcQdrantGateway(Uri url, string? apiKey, TimeSpan timeout, TimeProvider time) : IQdrantGateway
{
    private readonly QdrantGrpcClient _client = new(url, string.IsNullOrEmpty(apiKey) ? null : apiKey);

    public async Task HealthCheckAsync(CancellationToken cancellationToken) =>
        await _client.Qdrant.HealthCheckAsync(new HealthCheckRequest(), Options(cancellationToken)).ConfigureAwait(false);

    public async Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken) =>
        (await _client.Collections.CollectionExistsAsync(new CollectionExistsRequest { CollectionName = collection }, Options(cancellationToken)).ConfigureAwait(false)).Result.Exists;

    public async Task<CollectionInfo> GetCollectionInfoAsync(string collection, CancellationToken cancellationToken) =>
        (await _client.Collections.GetAsync(new GetCollectionInfoRequest { CollectionName = collection }, Options(cancellationToken)).ConfigureAwait(false)).Result;

    public async Task CreateCollectionAsync(CreateCollection request, CancellationToken cancellationToken) =>
        await _client.Collections.CreateAsync(request, Options(cancellationToken)).ConfigureAwait(false);

    public async Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken) =>
        await _client.Collections.DeleteAsync(new DeleteCollection { CollectionName = collection }, Options(cancellationToken)).ConfigureAwait(false);

    public async Task CreateFieldIndexAsync(CreateFieldIndexCollection request, CancellationToken cancellationToken) =>
        await _client.Points.CreateFieldIndexAsync(request, Options(cancellationToken)).ConfigureAwait(false);

    public async Task UpsertAsync(UpsertPoints request, CancellationToken cancellationToken) =>
        await _client.Points.UpsertAsync(request, Options(cancellationToken)).ConfigureAwait(false);

    public async Task DeleteAsync(DeletePoints request, CancellationToken cancellationToken) =>
        await _client.Points.DeleteAsync(request, Options(cancellationToken)).ConfigureAwait(false);

    public async Task<ulong> CountAsync(CountPoints request, CancellationToken cancellationToken) =>
        (await _client.Points.CountAsync(request, Options(cancellationToken)).ConfigureAwait(false)).Result.Count;

    public async Task<IReadOnlyList<RetrievedPoint>> GetAsync(GetPoints request, CancellationToken cancellationToken) =>
        (await _client.Points.GetAsync(request, Options(cancellationToken)).ConfigureAwait(false)).Result;

    public async Task<ScrollResponse> ScrollAsync(ScrollPoints request, CancellationToken cancellationToken) =>
        await _client.Points.ScrollAsync(request, Options(cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(QueryBatchPoints request, CancellationToken cancellationToken)
    {
        var response = await _client.Points.QueryBatchAsync(request, Options(cancellationToken)).ConfigureAwait(false);
        return [.. response.Result.Select(batch => (IReadOnlyList<ScoredPoint>)batch.Result)];
    }

    public void Dispose() => _client.Dispose();

    private CallOptions Options(CancellationToken cancellationToken) => new(deadline: time.GetUtcNow().UtcDateTime + timeout, cancellationToken: cancellationToken);
}
