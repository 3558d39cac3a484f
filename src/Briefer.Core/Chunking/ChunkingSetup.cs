using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Chunking;

/// <summary>Registers sentence-aware chunking.</summary>
public static class ChunkingSetup
{
    /// <summary>
    /// Adds <see cref="SentenceChunker"/> as the <see cref="ITextChunker"/> and binds and validates
    /// <see cref="ChunkingOptions"/> at start-up. An <see cref="ITokenCounter"/> must be registered elsewhere
    /// (the embedding model's tokenizer): both the chunker and the start-up check use it.
    /// </summary>
    public static IServiceCollection AddSentenceChunking(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ChunkingOptions>()
            .BindConfiguration(ChunkingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChunkingOptions>, ChunkingOptionsValidator>());
        services.TryAddSingleton<ITextChunker, SentenceChunker>();
        return services;
    }
}
