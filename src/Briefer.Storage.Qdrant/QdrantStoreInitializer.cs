using Briefer.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Storage.Qdrant;

/// <summary>
/// When Qdrant is the configured store, connects and creates or checks the collection while the host starts, so a
/// down server or a collection made for another model stops Briefer at once with a clear message.
/// </summary>
internal sealed class QdrantStoreInitializer(IOptions<StoreOptions> store, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        store.Value.Uses(QdrantSetup.Provider)
            ? services.GetRequiredService<QdrantDocumentStore>().InitializeAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
