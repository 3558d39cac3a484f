using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Sources;

/// <summary>Registers where documents come from beyond the command line's files: web pages (guarded) and their re-sync.</summary>
public static class SourcesSetup
{
    /// <summary>Adds <see cref="WebPageFetcher"/> with its guarded client, validated <see cref="WebOptions"/> and <see cref="SourceSynchronizer"/>.</summary>
    public static IServiceCollection AddDocumentSources(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebOptions>, WebOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(WebPageFetcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebPageFetcher.CreateGuardedHandler(sp.GetRequiredService<IOptions<WebOptions>>().Value))
            .RemoveAllLoggers();
        services.TryAddSingleton<WebPageFetcher>();
        services.TryAddSingleton<SourceSynchronizer>();
        return services;
    }

    /// <summary>Adds the worker's periodic re-sync of web pages (<c>Web:SyncInterval</c>).</summary>
    public static IServiceCollection AddSourceSync(this IServiceCollection services)
    {
        services.AddDocumentSources();
        services.AddHostedService<SourceSyncService>();
        return services;
    }
}
