using Briefer.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Storage.Qdrant;

/// <summary>Registers the Qdrant document store.</summary>
public static class QdrantSetup
{
    /// <summary>The <c>Store:Provider</c> value that chooses Qdrant.</summary>
    public const string Provider = "Qdrant";

    /// <summary>
    /// Adds <see cref="QdrantDocumentStore"/> and its settings (<c>Store:Qdrant:*</c>, <c>QDRANT_URL</c>,
    /// <c>QDRANT_API_KEY</c>), validated at start when <c>Store:Provider</c> is <c>Qdrant</c>, as the document store
    /// of that name (<see cref="DocumentStoreSetup.AddDocumentStore{TStore}"/>). Before or after <c>AddBrieferCore()</c>.
    /// </summary>
    public static IServiceCollection AddQdrantStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);

        // The environment variables come first, so a value in the Store:Qdrant section overrides them.
        services.AddOptions<QdrantStoreOptions>()
            .Configure<IConfiguration>(ApplyEnvironment)
            .BindConfiguration(QdrantStoreOptions.Section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QdrantStoreOptions>, QdrantStoreOptionsValidator>());
        services.AddDocumentStore<QdrantDocumentStore>(Provider);
        services.AddHostedService<QdrantStoreInitializer>();
        return services;
    }

    /// <summary>Takes <c>QDRANT_URL</c> and <c>QDRANT_API_KEY</c> from configuration (the host adds the environment) or the environment.</summary>
    internal static void ApplyEnvironment(QdrantStoreOptions options, IConfiguration configuration)
    {
        var url = configuration[QdrantStoreOptions.UrlVariable] ?? Environment.GetEnvironmentVariable(QdrantStoreOptions.UrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            options.Url = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed)
                ? parsed
                : throw new OptionsValidationException(
                    QdrantStoreOptions.Section,
                    typeof(QdrantStoreOptions),
                    [$"{QdrantStoreOptions.UrlVariable} is not an absolute URL (e.g. http://localhost:6334)."]);
        }

        var apiKey = configuration[QdrantStoreOptions.ApiKeyVariable] ?? Environment.GetEnvironmentVariable(QdrantStoreOptions.ApiKeyVariable);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            options.ApiKey = apiKey.Trim();
        }
    }
}
