using Briefer.Core.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Briefer.Storage.Qdrant.Tests;

/// <summary>
/// The store contract against a real Qdrant server, in a collection of its own that is deleted afterwards.
/// Runs only when <c>QDRANT_URL</c> is set (and <c>QDRANT_API_KEY</c> when the server needs one).
/// </summary>
[RequiresEnvironmentVariable(
    QdrantStoreOptions.UrlVariable,
    "To run the contract suite against a real Qdrant: docker run -p 6333:6333 -p 6334:6334 qdrant/qdrant:v1.20.0, then " +
    "QDRANT_URL=http://localhost:6334 dotnet test tests/Briefer.Storage.Qdrant.Tests (see deploy/README.md).")]
public sealed class QdrantDocumentStoreContractTests(QdrantServerFixture fixture)
    : DocumentStoreContract(fixture.Store), IClassFixture<QdrantServerFixture>;

/// <summary>
/// The same contract against <see cref="QdrantDocumentStore"/> over the in-memory emulation of Qdrant: the adapter's own
/// logic (requests, payloads, ids, replace and delete, result mapping) end to end. Not evidence about a real server.
/// </summary>
public sealed class EmulatedQdrantDocumentStoreContractTests(EmulatedQdrantFixture fixture)
    : DocumentStoreContract(fixture.Store), IClassFixture<EmulatedQdrantFixture>;

/// <summary>
/// The same contract through the real gRPC path: <see cref="QdrantDocumentStore"/> with its production gateway and
/// Qdrant.Client, talking over a loopback socket to <see cref="LoopbackQdrantServer"/> (the emulation behind gRPC).
/// </summary>
public sealed class GrpcLoopbackQdrantDocumentStoreContractTests(LoopbackQdrantFixture fixture)
    : DocumentStoreContract(fixture.Store), IClassFixture<LoopbackQdrantFixture>
{
    [Fact]
    public async Task EveryCall_CarriesTheApiKeyHeader()
    {
        await Store.ListDocumentsAsync(NewScope(), default);

        Assert.NotEmpty(fixture.Server.Calls);
        Assert.All(fixture.Server.Calls, call => Assert.Equal(LoopbackQdrantFixture.ApiKey, call.ApiKey));
    }
}

/// <summary>A store on the server named by <c>QDRANT_URL</c>, in a fresh collection deleted when the class is done.</summary>
public sealed class QdrantServerFixture : IAsyncLifetime
{
    private readonly Lazy<QdrantDocumentStore> _store = new(() => new QdrantDocumentStore(
        Options.Create(new QdrantStoreOptions
        {
            Url = new Uri(Environment.GetEnvironmentVariable(QdrantStoreOptions.UrlVariable)!),
            ApiKey = Environment.GetEnvironmentVariable(QdrantStoreOptions.ApiKeyVariable),
            Collection = "briefer_contract_" + Guid.NewGuid().ToString("N")[..12],
            UpsertBatchSize = 2, // several batches even for small documents
        }),
        DocumentStoreContract.Model,
        TimeProvider.System,
        NullLogger<QdrantDocumentStore>.Instance));

    /// <summary>Created on first use, so a skipped class never connects.</summary>
    public Core.Storage.IDocumentStore Store => _store.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store.IsValueCreated)
        {
            await _store.Value.DeleteCollectionAsync(CancellationToken.None);
            _store.Value.Dispose();
        }
    }
}

/// <summary>A store using its real gRPC gateway against <see cref="LoopbackQdrantServer"/>.</summary>
public sealed class LoopbackQdrantFixture : IAsyncLifetime
{
    public const string ApiKey = "loopback-api-key";

    private QdrantDocumentStore? _store;
    private LoopbackQdrantServer? _server;

    internal LoopbackQdrantServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public Core.Storage.IDocumentStore Store => _store ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _server = await LoopbackQdrantServer.StartAsync();
        _store = new QdrantDocumentStore(
            Options.Create(new QdrantStoreOptions { Url = _server.Url, ApiKey = ApiKey, Collection = "briefer_contract", UpsertBatchSize = 2 }),
            DocumentStoreContract.Model,
            TimeProvider.System,
            NullLogger<QdrantDocumentStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        _store?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>A store over <see cref="InMemoryQdrantGateway"/>.</summary>
public sealed class EmulatedQdrantFixture : IDisposable
{
    private readonly QdrantDocumentStore _store = new(
        Options.Create(new QdrantStoreOptions { Collection = "briefer_contract", UpsertBatchSize = 2 }),
        DocumentStoreContract.Model,
        new InMemoryQdrantGateway(),
        TimeProvider.System,
        NullLogger<QdrantDocumentStore>.Instance);

    public Core.Storage.IDocumentStore Store => _store;

    public void Dispose() => _store.Dispose();
}
