using System.Reflection;
using Briefer.Core.Conversations;
using Briefer.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Health;

/// <summary>
/// Opens and checks the store (documents, then conversations) before anything else of <c>run</c> starts, so a bot with a
/// damaged, read-only or unreachable store stops at once with the reason, instead of connecting to Discord and failing every question;
/// then logs one start-up line (version, data directory, store, scopes).
/// </summary>
internal sealed partial class StoreStartupCheck(
    IDocumentStore store,
    IConversationStore conversations,
    IOptions<StoreOptions> options,
    ILogger<StoreStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var scopes = await store.ListScopesAsync(cancellationToken).ConfigureAwait(false);

        // Every answer is recorded in the conversation store before it is shown, so the bot needs it as much as the documents.
        await conversations.CheckAsync(cancellationToken).ConfigureAwait(false);
        var version = typeof(StoreStartupCheck).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        LogStarting(logger, version.Split('+')[0], Path.GetFullPath(options.Value.DataDirectory), options.Value.Provider.ToString(), scopes.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(8000, LogLevel.Information, "Briefer {Version} starting: data directory {DataDirectory}, store {Provider}, {Scopes} scopes with documents")]
    private static partial void LogStarting(ILogger logger, string version, string dataDirectory, string provider, int scopes);
}
