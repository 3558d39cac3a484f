using System.Text;
using Briefer.Core.Answering;
using Briefer.Core.Digests;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Core.Tests.Pipeline;

/// <summary>
/// Briefs and digests over a Markdown page through the real pipeline quote the answer units <c>ask</c> quotes: the code
/// block a colon lead-in introduces as code, cited at its own section; a table row with its header names.
/// </summary>
public sealed class StructuredBriefTests : IAsyncLifetime
{
    private const string Page = """
        # Running the relay daemon

        The relay daemon forwards messages between the gateway and the workers.

        ## Starting the daemon

        Start the relay daemon with this command:

        ```bash
        relayd start --port 7400 --workers 4
        ```

        The daemon writes its log to the journal and keeps running after you log out.

        ## Daemon options

        | Option | Default | Meaning |
        | --- | --- | --- |
        | --port | 7400 | Port the relay daemon listens on |
        | --workers | 2 | Worker processes the relay daemon starts |
        """;

    private static readonly ScopeId Scope = new("structured-brief");
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-structured-brief-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = SamplesPipelineFixture.BuildServices(_dataDirectory);
        await _services.GetRequiredService<IBriefingService>().IngestAsync(Scope, new DocumentSource("relay.md", "relay.md", Encoding.UTF8.GetBytes(Page)), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task BriefAsync_CodeBlockAfterColonLeadIn_QuotedAsCodeAtItsSection()
    {
        var brief = await _services.GetRequiredService<IBriefingService>().BriefAsync(Scope, "starting the relay daemon", null, CancellationToken.None);

        var code = Assert.Single(brief.Citations, c => c.Quote.Contains("relayd start --port 7400", StringComparison.Ordinal));
        Assert.Equal(BlockKind.Code, code.Kind);
        Assert.True(QuoteDisplay.IsCode(code));
        Assert.Equal("Starting the daemon", code.Location);
        Assert.Equal("Start the relay daemon with this command:", QuoteDisplay.LeadIn(code));
        Assert.Equal("```bash\nrelayd start --port 7400 --workers 4\n```", QuoteDisplay.Fenced(code));
        Assert.Contains(brief.Bullets, b => b.Citations.SequenceEqual([code.N]) && b.Text == code.Quote);
    }

    [Fact]
    public async Task BriefAsync_TableRow_BulletNamesItsHeaderCells()
    {
        var brief = await _services.GetRequiredService<IBriefingService>().BriefAsync(Scope, "relay daemon port option", null, CancellationToken.None);

        var row = Assert.Single(brief.Citations, c => c.Kind == BlockKind.TableRow && c.Quote.Contains("7400", StringComparison.Ordinal));
        Assert.Equal("Daemon options", row.Location);
        var bullet = Assert.Single(brief.Bullets, b => b.Citations.Contains(row.N));
        Assert.Equal("Option: --port | Default: 7400 | Meaning: Port the relay daemon listens on", bullet.Text);
    }

    [Fact]
    public async Task DigestComposeAsync_NewMarkdownPage_QuotesTheCodeBlockAsTheBriefDoes()
    {
        var window = new DigestWindow(DateTimeOffset.UnixEpoch, DateOnly.MinValue, DateTimeOffset.MaxValue);

        var digest = await _services.GetRequiredService<IDigestComposer>().ComposeAsync(new DigestRequest(Scope, "starting the relay daemon", window, new HashSet<string>()), CancellationToken.None);

        var code = Assert.Single(digest.Brief.Citations, c => c.Quote.Contains("relayd start --port 7400", StringComparison.Ordinal));
        Assert.Equal(BlockKind.Code, code.Kind);
        Assert.Equal("Starting the daemon", code.Location);
    }
}
