using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Core.Tests.Pipeline;

/// <summary>
/// A Markdown guide through the real pipeline (extraction, chunking, ONNX embeddings, SQLite file): retrieved chunks
/// carry their blocks, their text is still exactly the document's, and a quote gets the heading it is under.
/// </summary>
public sealed class StructuredIngestTests : IAsyncLifetime
{
    private const string Guide = """
        # Ferry operations handbook

        ## Timetable

        The first ferry leaves the harbour at six in the morning. Boats run every twenty minutes until noon.

        ## Tickets

        | Ticket | Price |
        |---|---|
        | Single | 4 euros |
        | Return | 7 euros |

        ## Luggage

        Bicycles travel free on every crossing.
        """;

    private static readonly ScopeId Scope = new("structured-ingest");
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-structured-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = SamplesPipelineFixture.BuildServices(_dataDirectory);
        await _services.GetRequiredService<IBriefingService>().IngestAsync(Scope, new DocumentSource("ferry.md", "ferry.md", Encoding.UTF8.GetBytes(Guide)), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task RetrieveAsync_MarkdownGuide_ChunksCarryBlocksAndExactText()
    {
        var document = new MarkdownExtractor().Extract(Guide, "ferry.md");

        var results = await _services.GetRequiredService<HybridRetriever>().RetrieveAsync(Scope, "How much is a return ticket?", 3);

        var top = results[0];
        Assert.Equal(document.Text[top.Start..top.End], top.Text);
        Assert.Contains(top.Blocks, b => b.Kind == BlockKind.TableRow && document.Text[b.Start..b.End] == "Return | 7 euros" && b.Context == "Ticket | Price");
    }

    [Fact]
    public async Task RetrieveAsync_QuoteUnderALaterHeading_LocatedUnderThatHeading()
    {
        var results = await _services.GetRequiredService<HybridRetriever>().RetrieveAsync(Scope, "Do bicycles travel free?", 3);

        var chunk = Assert.Single(results, r => r.Text.Contains("Bicycles travel free", StringComparison.Ordinal));
        Assert.Equal("Luggage", chunk.LocationOf("Bicycles travel free on every crossing."));
        Assert.Equal("Timetable", chunk.LocationOf("Boats run every twenty minutes until noon."));
    }
}
