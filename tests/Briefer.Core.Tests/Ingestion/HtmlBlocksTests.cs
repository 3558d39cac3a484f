using Briefer.Core.Documents;
using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Ingestion;

/// <summary>The structural blocks the HTML extractor emits.</summary>
public sealed class HtmlBlocksTests
{
    private const string Page = """
        <html><head><title>Server guide</title></head><body><main>
        <h1>Server guide</h1>
        <p>The server answers on one port.</p>
        <h2>Options</h2>
        <table>
          <thead><tr><th>Option</th><th>Description</th></tr></thead>
          <tbody><tr><td><code>--port &lt;n&gt;</code></td><td>Port to listen on</td></tr></tbody>
        </table>
        <dl><dt>cache.maxSize</dt><dd>Default: 512</dd></dl>
        <h3>Install</h3>
        <pre><code class="language-sh">npm install server
        server --port 80</code></pre>
        <ul><li>Linux<ul><li>Debian 12</li></ul></li><li>macOS</li></ul>
        <aside class="admonition warning"><p class="admonition-title">Warning</p><p>Never expose the admin port.</p></aside>
        <blockquote><p>It just works.</p></blockquote>
        </main></body></html>
        """;

    private static readonly ExtractedDocument Document = new HtmlExtractor().Extract(Page, "guide.html");

    private static TextBlock Find(string text) =>
        Assert.Single(Document.Blocks, b => Document.Text[b.Start..b.End] == text);

    [Fact]
    public void Extract_Headings_GiveHeadingPaths()
    {
        Assert.Equal(BlockKind.Heading, Find("Options").Kind);
        Assert.Equal("Server guide", Find("The server answers on one port.").HeadingPath);
        Assert.Equal("Server guide › Options › Install", Find("macOS").HeadingPath);
    }

    [Fact]
    public void Extract_TableRow_WithHeaderCellsAsContext()
    {
        var row = Find("--port <n> | Port to listen on");

        Assert.Equal(BlockKind.TableRow, row.Kind);
        Assert.Equal("Option | Description", row.Context);
    }

    [Fact]
    public void Extract_Pre_IsCodeWithItsLanguageAndLines()
    {
        var code = Find("npm install server\nserver --port 80");

        Assert.Equal(BlockKind.Code, code.Kind);
        Assert.Equal("sh", code.Context);
    }

    [Fact]
    public void Extract_DefinitionList_TermAndDefinitionAreKeyValues()
    {
        Assert.Equal(BlockKind.KeyValue, Find("cache.maxSize").Kind);
        var definition = Find("Default: 512");
        Assert.Equal(BlockKind.KeyValue, definition.Kind);
        Assert.Equal("cache.maxSize", definition.Context);
    }

    [Fact]
    public void Extract_NestedListItems_AreSeparateBlocks()
    {
        Assert.Equal(BlockKind.ListItem, Find("Linux").Kind);
        Assert.Equal(BlockKind.ListItem, Find("Debian 12").Kind);
        Assert.Equal(BlockKind.ListItem, Find("macOS").Kind);
    }

    [Fact]
    public void Extract_AdmonitionAside_IsKeptWithoutItsTitle()
    {
        Assert.Equal(BlockKind.Admonition, Find("Never expose the admin port.").Kind);
        Assert.DoesNotContain("Warning", Document.Text, StringComparison.Ordinal);
        Assert.Equal(BlockKind.Quote, Find("It just works.").Kind);
    }

    [Fact]
    public void Extract_Text_IsNormalised()
    {
        Assert.Equal(TextNormalizer.Normalize(Document.Text), Document.Text);
    }
}
