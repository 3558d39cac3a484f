using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Briefer.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Storage.Qdrant.Tests;

public sealed class QdrantSetupTests
{
    [Fact]
    public void AddQdrantStore_ProviderQdrant_DocumentStoreIsQdrant()
    {
        using var services = Build(new() { ["Store:Provider"] = "Qdrant" });

        Assert.IsType<QdrantDocumentStore>(services.GetRequiredService<IDocumentStore>());
    }

    [Fact]
    public void AddQdrantStore_ProviderSqlite_DocumentStoreIsTheEmbeddedOne()
    {
        using var services = Build(new() { ["Store:Provider"] = "Sqlite" });

        Assert.IsType<EmbeddedStoreStandIn>(services.GetRequiredService<IDocumentStore>());
    }

    [Fact]
    public void AddQdrantStore_BeforeTheEmbeddedStore_ProviderStillChoosesTheStore()
    {
        using var qdrant = Build(new() { ["Store:Provider"] = "qdrant" }, qdrantFirst: true);
        using var sqlite = Build(new() { ["Store:Provider"] = "Sqlite" }, qdrantFirst: true);

        Assert.IsType<QdrantDocumentStore>(qdrant.GetRequiredService<IDocumentStore>());
        Assert.IsType<EmbeddedStoreStandIn>(sqlite.GetRequiredService<IDocumentStore>());
    }

    [Fact]
    public void AddQdrantStore_UnknownProvider_FailsNamingTheStoresThereAre()
    {
        using var services = Build(new() { ["Store:Provider"] = "Postgres" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StoreOptions>>().Value);

        Assert.Contains("Store:Provider must be Sqlite or Qdrant, not 'Postgres'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddQdrantStore_EnvironmentVariables_SupplyUrlAndApiKey()
    {
        using var services = Build(new() { ["Store:Provider"] = "Qdrant", ["QDRANT_URL"] = "https://cluster.example:6334", ["QDRANT_API_KEY"] = "k" });

        var options = services.GetRequiredService<IOptions<QdrantStoreOptions>>().Value;

        Assert.Equal(new Uri("https://cluster.example:6334"), options.Url);
        Assert.Equal("k", options.ApiKey);
    }

    [Fact]
    public void AddQdrantStore_SectionAndEnvironment_SectionWins()
    {
        using var services = Build(new()
        {
            ["Store:Provider"] = "Qdrant",
            ["QDRANT_URL"] = "http://from-env:6334",
            ["Store:Qdrant:Url"] = "http://from-section:6334",
            ["Store:Qdrant:Collection"] = "guild_docs",
        });

        var options = services.GetRequiredService<IOptions<QdrantStoreOptions>>().Value;

        Assert.Equal(new Uri("http://from-section:6334"), options.Url);
        Assert.Equal("guild_docs", options.Collection);
    }

    [Fact]
    public void AddQdrantStore_RestPort_FailsNamingTheSetting()
    {
        using var services = Build(new() { ["Store:Provider"] = "Qdrant", ["Store:Qdrant:Url"] = "http://localhost:6333" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QdrantStoreOptions>>().Value);

        Assert.Contains("Store:Qdrant:Url", error.Message, StringComparison.Ordinal);
        Assert.Contains("6334", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddQdrantStore_BadCollectionName_FailsNamingTheSetting()
    {
        using var services = Build(new() { ["Store:Provider"] = "Qdrant", ["Store:Qdrant:Collection"] = "no spaces/allowed" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QdrantStoreOptions>>().Value);

        Assert.Contains("Store:Qdrant:Collection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddQdrantStore_ProviderSqliteWithBadQdrantSettings_NotValidated()
    {
        using var services = Build(new() { ["Store:Provider"] = "Sqlite", ["Store:Qdrant:Url"] = "ftp://nowhere" });

        Assert.Equal(new Uri("ftp://nowhere"), services.GetRequiredService<IOptions<QdrantStoreOptions>>().Value.Url);
    }

    [Fact]
    public async Task AddQdrantStore_ProviderQdrantServerDown_HostStartFailsWithTheUrl()
    {
        var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
        using var services = Build(new()
        {
            ["Store:Provider"] = "Qdrant",
            ["Store:Qdrant:Url"] = url,
            ["Store:Qdrant:MaxRetries"] = "0",
        });
        var initializer = services.GetServices<IHostedService>().OfType<QdrantStoreInitializer>().Single();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => initializer.StartAsync(default));

        Assert.Contains($"not reachable at {url}", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool qdrantFirst = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(new EmbeddingModelInfo("test-model", 384, 512, ""));

        if (qdrantFirst)
        {
            services.AddQdrantStore();
        }

        // What AddBrieferCore registers for the embedded store, in miniature.
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section);
        services.AddDocumentStore<EmbeddedStoreStandIn>(DocumentStoreSetup.Sqlite);

        if (!qdrantFirst)
        {
            services.AddQdrantStore();
        }

        return services.BuildServiceProvider();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class EmbeddedStoreStandIn : IDocumentStore
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<DocumentRecord?> GetDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) => Task.FromResult<DocumentRecord?>(null);

        public Task UpsertDocumentAsync(DocumentRecord document, IReadOnlyList<ChunkRecord> chunks, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> DeleteDocumentAsync(ScopeId scope, DocumentId id, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlyList<DocumentRecord>> ListDocumentsAsync(ScopeId scope, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<DocumentRecord>>([]);

        public Task<IReadOnlyList<RetrievedChunk>> SearchAsync(SearchQuery query, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RetrievedChunk>>([]);

        public Task<bool> UpdateSourceStateAsync(ScopeId scope, DocumentId id, SourceState state, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlyList<ScopeId>> ListScopesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ScopeId>>([]);
    }
}
