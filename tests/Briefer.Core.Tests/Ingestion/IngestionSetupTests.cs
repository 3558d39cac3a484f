using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Ingestion;

public sealed class IngestionSetupTests
{
    private static ServiceProvider BuildProvider(Dictionary<string, string?>? settings = null) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build())
            .AddDocumentExtraction()
            .BuildServiceProvider();

    [Fact]
    public void AddDocumentExtraction_Loader_SupportsTextMarkdownHtmlPdfAndWord()
    {
        using var provider = BuildProvider();

        var loader = provider.GetRequiredService<DocumentLoader>();

        Assert.Equal([".docx", ".htm", ".html", ".markdown", ".md", ".pdf", ".text", ".txt", ".xhtml"], loader.SupportedExtensions);
    }

    [Fact]
    public void AddDocumentExtraction_CalledTwice_RegistersEachExtractorOnce()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddDocumentExtraction()
            .AddDocumentExtraction()
            .BuildServiceProvider();

        Assert.Equal(5, provider.GetServices<IDocumentExtractor>().Count());
    }

    [Fact]
    public void AddDocumentExtraction_DefaultConfiguration_MaxDocumentBytesIs20Megabytes()
    {
        using var provider = BuildProvider();

        Assert.Equal(20L * 1024 * 1024, provider.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxDocumentBytes);
    }

    [Fact]
    public void AddDocumentExtraction_ZeroMaxDocumentBytes_FailsValidationNamingSetting()
    {
        using var provider = BuildProvider(new() { ["Ingestion:MaxDocumentBytes"] = "0" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IngestionOptions>>().Value);

        Assert.Contains("MaxDocumentBytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoExtensionButHtmlContentType_UsesHtmlExtractor()
    {
        using var provider = BuildProvider();
        var source = new DocumentSource("https://example.com/a", "a", Encoding.UTF8.GetBytes("<title>Web page</title><p>Body.</p>"), "text/html; charset=utf-8");

        var document = provider.GetRequiredService<DocumentLoader>().Load(source);

        Assert.Equal("Web page", document.Title);
        Assert.Equal("Body.", document.Text);
    }

    [Fact]
    public void Load_NoExtensionButMarkdownContentType_UsesMarkdownExtractor()
    {
        using var provider = BuildProvider();
        var source = new DocumentSource("https://example.com/n", "n", Encoding.UTF8.GetBytes("# Note\n\n**Body.**"), "text/markdown");

        var document = provider.GetRequiredService<DocumentLoader>().Load(source);

        Assert.Equal("Note\nBody.", document.Text);
    }

    [Fact]
    public void Load_HtmlPageOfOnlyScripts_RejectsAsNothingLeft()
    {
        using var provider = BuildProvider();
        var source = new DocumentSource("/d/app.html", "app.html", Encoding.UTF8.GetBytes("<html><body><script>render()</script><nav>Menu</nav></body></html>"));

        var ex = Assert.Throws<DocumentRejectedException>(() => provider.GetRequiredService<DocumentLoader>().Load(source));

        Assert.Contains("'app.html'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no readable text left after extraction", ex.Message, StringComparison.Ordinal);
    }
}
