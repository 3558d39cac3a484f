using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Storage;

/// <summary>A document store that <c>Store:Provider</c> can name; one per <see cref="DocumentStoreSetup.AddDocumentStore{TStore}"/>.</summary>
/// <param name="Name">The <c>Store:Provider</c> value that chooses it (compared ignoring case).</param>
public sealed record DocumentStoreProvider(string Name);

/// <summary>
/// Registers document stores by name, so a store project adds itself without knowing the others and without caring
/// in what order the features are added: <see cref="IDocumentStore"/> resolves to the store that <c>Store:Provider</c> names.
/// </summary>
public static class DocumentStoreSetup
{
    /// <summary>The embedded store's name: one SQLite file in the data directory (the default).</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>
    /// Adds <typeparamref name="TStore"/> (one instance) as the <see cref="IDocumentStore"/> keyed <paramref name="name"/>,
    /// and <see cref="IDocumentStore"/> itself as the store <c>Store:Provider</c> names. A <c>Store:Provider</c> naming no
    /// added store fails validation at start (<c>Store:Provider must be Sqlite or Qdrant, not 'X'</c>).
    /// </summary>
    public static IServiceCollection AddDocumentStore<TStore>(this IServiceCollection services, string name)
        where TStore : class, IDocumentStore
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (services.Any(d => d.ServiceType == typeof(DocumentStoreProvider) && d.ImplementationInstance is DocumentStoreProvider p && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return services;
        }

        services.TryAddSingleton<TStore>();
        services.AddKeyedSingleton<IDocumentStore>(name, (sp, _) => sp.GetRequiredService<TStore>());
        services.AddSingleton(new DocumentStoreProvider(name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreProviderValidator>());
        services.TryAddSingleton(ResolveConfigured);
        return services;
    }

    /// <summary>Whether <paramref name="options"/> choose the store named <paramref name="name"/>.</summary>
    public static bool Uses(this StoreOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Equals(options.Provider, name, StringComparison.OrdinalIgnoreCase);
    }

    private static IDocumentStore ResolveConfigured(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var names = services.GetServices<DocumentStoreProvider>().Select(p => p.Name).ToList();
        var name = names.FirstOrDefault(options.Uses)
            ?? throw new OptionsValidationException(StoreOptions.Section, typeof(StoreOptions), [StoreProviderValidator.Unknown(options.Provider, names)]);
        return services.GetRequiredKeyedService<IDocumentStore>(name);
    }
}

/// <summary>Fails start-up when <c>Store:Provider</c> names no added store, listing the ones there are.</summary>
internal sealed class StoreProviderValidator(IEnumerable<DocumentStoreProvider> providers) : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = providers.Select(p => p.Name).ToList();
        return names.Any(options.Uses) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Unknown(options.Provider, names));
    }

    /// <summary>"Store:Provider must be Sqlite or Qdrant, not 'X'.", in the order the stores were added.</summary>
    public static string Unknown(string? provider, IReadOnlyList<string> names) =>
        $"Store:Provider must be {(names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1])}, not '{provider}'.";
}
