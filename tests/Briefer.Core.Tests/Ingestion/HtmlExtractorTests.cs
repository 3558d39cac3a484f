using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Ingestion;

public sealed class HtmlExtractorTests
{
    private const string Page = """
        <!DOCTYPE html>
        <html>
        <head>
          <title>Talks resume | Daily News</title>
          <meta property="og:title" content="Talks resume in Geneva">
          <meta property="article:published_time" content="2026-01-09T14:30:00+01:00">
          <style>p { color: red; }</style>
          <script>var tracking = "secret script text";</script>
        </head>
        <body>
          <nav><a href="/">Home</a> <a href="/world">World navigation link</a></nav>
          <header><h1>Site banner</h1></header>
          <div class="sidebar" role="navigation">Sidebar menu</div>
          <article>
            <h1>Talks resume in Geneva</h1>
            <p>Delegates met on
               Monday.</p><p>They agreed on a plan</p>
            <ul><li>First point</li><li>Second point</li></ul>
            <aside>Related: other stories</aside>
            <p>Prices rose<br>sharply.</p>
          </article>
          <footer>Copyright footer text</footer>
          <form><input name="q"> Search form text</form>
        </body>
        </html>
        """;

    private static readonly HtmlExtractor Extractor = new();

    [Fact]
    public void Extract_OgTitle_IsPreferredOverTitleElement()
    {
        Assert.Equal("Talks resume in Geneva", Extractor.Extract(Page, "page.html").Title);
    }

    [Fact]
    public void Extract_NoOgTitle_UsesTitleElement()
    {
        var document = Extractor.Extract("<html><head><title>Plain title</title></head><body><p>Text.</p></body></html>", "p.html");

        Assert.Equal("Plain title", document.Title);
    }

    [Fact]
    public void Extract_NoTitleElements_UsesFirstHeading()
    {
        var document = Extractor.Extract("<body><h1>Heading title</h1><p>Text.</p></body>", "p.html");

        Assert.Equal("Heading title", document.Title);
    }

    [Fact]
    public void Extract_TitleWithSiteName_DropsSiteName()
    {
        var html = "<html><head><title>Port of Elmsworth strike ends after 11 days | Coastal Courier</title></head><body><p>Text.</p></body></html>";

        Assert.Equal("Port of Elmsworth strike ends after 11 days", Extractor.Extract(html, "p.html").Title);
    }

    [Theory]
    [InlineData("Port of Elmsworth strike ends after 11 days – Coastal Courier", "Port of Elmsworth strike ends after 11 days")]
    [InlineData("Port of Elmsworth strike ends after 11 days — The Coastal Courier", "Port of Elmsworth strike ends after 11 days")]
    [InlineData("Port of Elmsworth strike ends - Business | Coastal Courier", "Port of Elmsworth strike ends")]
    [InlineData("Brexit - what happens now", "Brexit - what happens now")]
    [InlineData("Strike ends | Coastal Courier", "Strike ends | Coastal Courier")]
    [InlineData("Covid-19 cases fall across the region again", "Covid-19 cases fall across the region again")]
    [InlineData("Council votes | what the new budget means for schools and roads", "Council votes | what the new budget means for schools and roads")]
    public void WithoutSiteName_Titles_DropOnlyShortTrailingParts(string title, string expected)
    {
        Assert.Equal(expected, HtmlExtractor.WithoutSiteName(title));
    }

    [Fact]
    public void Extract_ArticleHeadingAndSiteTitle_PrefersArticleHeading()
    {
        var html = "<html><head><title>Elmsworth strike ends | Coastal Courier</title></head><body>"
            + "<header><h1>Coastal Courier</h1></header><article><header><h1>Port of Elmsworth strike ends after 11 days</h1></header><p>Text.</p></article></body></html>";

        Assert.Equal("Port of Elmsworth strike ends after 11 days", Extractor.Extract(html, "p.html").Title);
    }

    [Fact]
    public void Extract_OnlyPageHeaderHeading_UsesTitleElementOverIt()
    {
        var html = "<html><head><title>Port of Elmsworth strike ends after 11 days | Coastal Courier</title></head><body>"
            + "<header><h1>Coastal Courier</h1></header><div><p>Text.</p></div></body></html>";

        Assert.Equal("Port of Elmsworth strike ends after 11 days", Extractor.Extract(html, "p.html").Title);
    }

    [Fact]
    public void Extract_ArticlePublishedTimeMeta_SetsPublishedAt()
    {
        Assert.Equal(new DateOnly(2026, 1, 9), Extractor.Extract(Page, "page.html").PublishedAt);
    }

    [Fact]
    public void Extract_DcDateMetaName_SetsPublishedAt()
    {
        var document = Extractor.Extract("<head><meta name=\"DC.date\" content=\"2025-12-31\"></head><body><p>Text.</p></body>", "p.html");

        Assert.Equal(new DateOnly(2025, 12, 31), document.PublishedAt);
    }

    [Fact]
    public void Extract_TimeElementInArticleHeader_SetsPublishedAt()
    {
        var document = Extractor.Extract(
            "<body><article><header><time datetime=\"2026-02-03T08:00:00Z\">3 Feb</time></header><p>Text.</p></article></body>",
            "p.html");

        Assert.Equal(new DateOnly(2026, 2, 3), document.PublishedAt);
    }

    [Fact]
    public void Extract_TimeElementOutsideArticle_IsIgnored()
    {
        var document = Extractor.Extract(
            "<body><aside><time datetime=\"2020-05-05\">old story</time></aside><article><p>Text.</p></article></body>",
            "p.html");

        Assert.Null(document.PublishedAt);
    }

    [Fact]
    public void Extract_DateOnlyInProse_LeavesPublishedAtNull()
    {
        var document = Extractor.Extract("<body><p>On January 9, 2026 the talks resumed.</p></body>", "p.html");

        Assert.Null(document.PublishedAt);
    }

    [Fact]
    public void Extract_Article_TextHasBlocksOnSeparateLines()
    {
        var document = Extractor.Extract(Page, "page.html");

        Assert.Equal(
            "Talks resume in Geneva\nDelegates met on Monday.\nThey agreed on a plan\nFirst point\nSecond point\nPrices rose\nsharply.",
            document.Text);
    }

    [Fact]
    public void Extract_Page_DropsScriptsStylesAndNavigation()
    {
        var text = Extractor.Extract(Page, "page.html").Text;

        Assert.DoesNotContain("secret script text", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color: red", text, StringComparison.Ordinal);
        Assert.DoesNotContain("navigation link", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sidebar menu", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_NoArticleOrMain_UsesBodyWithoutHeaderFooterFormAside()
    {
        var document = Extractor.Extract(
            "<body><header>Banner</header><div>First.</div><div>Second.</div><aside>Ad</aside><form>Search</form><footer>Foot</footer></body>",
            "p.html");

        Assert.Equal("First.\nSecond.", document.Text);
    }

    [Fact]
    public void Extract_MainWithoutArticle_UsesMain()
    {
        var document = Extractor.Extract("<body><div>Outside.</div><main><p>Inside.</p></main></body>", "p.html");

        Assert.Equal("Inside.", document.Text);
    }

    [Fact]
    public void Extract_PreformattedBlock_KeepsItsLines()
    {
        var document = Extractor.Extract("<body><pre>line one\nline two</pre></body>", "p.html");

        Assert.Equal("line one\nline two", document.Text);
    }

    [Fact]
    public void Extract_EntitiesAndNonBreakingSpaces_AreDecodedAndNormalised()
    {
        var document = Extractor.Extract("<body><p>Fish&nbsp;&amp;&nbsp;chips &mdash; tasty.</p></body>", "p.html");

        Assert.Equal("Fish & chips — tasty.", document.Text);
    }
}
