using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Briefer.Core.Ingestion;

/// <summary>Registers document extraction: one extractor per format and the <see cref="DocumentLoader"/>.</summary>
public static class IngestionSetup
{
    /// <summary>Adds the extractors, <see cref="DocumentLoader"/> and validated <see cref="IngestionOptions"/>.</summary>
    public static IServiceCollection AddDocumentExtraction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, PlainTextExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, MarkdownExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, HtmlExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, PdfExtractor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDocumentExtractor, DocxExtractor>());
        services.TryAddSingleton(sp => new DocumentLoader(
            sp.GetServices<IDocumentExtractor>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IngestionOptions>>(), sp.GetService<TimeProvider>()));
        return services;
    }
}
