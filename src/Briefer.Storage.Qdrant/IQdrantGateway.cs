using Qdrant.Client.Grpc;

namespace Briefer.Storage.Qdrant;

/// <summary>
/// The Qdrant calls the store makes, one method per gRPC call, taking and returning Qdrant.Client's protobuf types.
/// The seam between the store's logic (requests, retries, messages) and the wire; tests replace it.
/// </summary>
internal interface IQdrantGateway : IDisposable
{
    Task HealthCheckAsync(CancellationToken cancellationToken);

    Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken);

    Task<CollectionInfo> GetCollectionInfoAsync(string collection, CancellationToken cancellationToken);

    Task CreateCollectionAsync(CreateCollection request, CancellationToken cancellationToken);

    Task DeleteCollectionAsync(string collection, CancellationToken cancellationToken);

    Task CreateFieldIndexAsync(CreateFieldIndexCollection request, CancellationToken cancellationToken);

    Task UpsertAsync(UpsertPoints request, CancellationToken cancellationToken);

    Task DeleteAsync(DeletePoints request, CancellationToken cancellationToken);

    Task<ulong> CountAsync(CountPoints request, CancellationToken cancellationToken);

    Task<IReadOnlyList<RetrievedPoint>> GetAsync(GetPoints request, CancellationToken cancellationToken);

    Task<ScrollResponse> ScrollAsync(ScrollPoints request, CancellationToken cancellationToken);

    Task<IReadOnlyList<IReadOnlyList<ScoredPoint>>> QueryBatchAsync(QueryBatchPoints request, CancellationToken cancellationToken);
}
