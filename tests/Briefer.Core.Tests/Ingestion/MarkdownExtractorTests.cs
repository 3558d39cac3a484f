using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Ingestion;

public sealed class MarkdownExtractorTests
{
    private static readonly MarkdownExtractor Extractor = new();

    [Fact]
    public void Extract_FrontMatter_TitleAndDateWin()
    {
        const string markdown = "---\ntitle: \"Front matter title\"\ndate: 2026-01-09\ntags:\n  - news\n---\n# Heading title\n\nBody.";

        var document = Extractor.Extract(markdown, "note.md");

        Assert.Equal("Front matter title", document.Title);
        Assert.Equal(new DateOnly(2026, 1, 9), document.PublishedAt);
    }

    [Fact]
    public void Extract_FrontMatter_IsNotInText()
    {
        var document = Extractor.Extract("---\ntitle: T\npublished: January 9, 2026\n---\nBody text.", "note.md");

        Assert.Equal("Body text.", document.Text);
        Assert.Equal(new DateOnly(2026, 1, 9), document.PublishedAt);
    }

    [Fact]
    public void Extract_NoFrontMatter_TitleIsFirstHeading()
    {
        var document = Extractor.Extract("Intro line that is not a heading.\n\n## Real *heading*\n\nBody.", "note.md");

        Assert.Equal("Real heading", document.Title);
    }

    [Fact]
    public void Extract_NoTitleAnywhere_UsesFileName()
    {
        var document = Extractor.Extract(new string('a', 200), "my-note.markdown");

        Assert.Equal("My note", document.Title);
    }

    [Fact]
    public void Extract_HeadingsParagraphsAndLists_AreSeparateLinesWithoutSyntax()
    {
        const string markdown = "# Title\n\nFirst paragraph **bold** and _italic_\nwrapped line.\n\n- item one\n- item `two`\n\n1. numbered\n\n> quoted text";

        var document = Extractor.Extract(markdown, "note.md");

        Assert.Equal("Title\nFirst paragraph bold and italic wrapped line.\nitem one\nitem two\nnumbered\nquoted text", document.Text);
    }

    [Fact]
    public void Extract_Links_KeepLabelDropUrl()
    {
        var document = Extractor.Extract("See [the report](https://example.com/report.pdf) and ![chart](img.png) now.", "note.md");

        Assert.Equal("See the report and chart now.", document.Text);
    }

    [Fact]
    public void Extract_FencedCode_KeptAsTextLines()
    {
        var document = Extractor.Extract("Intro.\n\n```csharp\nvar x = 1;\nvar y = 2;\n```\n", "note.md");

        Assert.Equal("Intro.\nvar x = 1;\nvar y = 2;", document.Text);
    }

    [Fact]
    public void Extract_PipeTable_RowsAreLines()
    {
        var document = Extractor.Extract("| Name | Role |\n|---|---|\n| Ann | Chair |\n", "note.md");

        Assert.Equal("Name | Role\nAnn | Chair", document.Text);
    }

    [Fact]
    public void Extract_CrlfLineEnds_FrontMatterStillRead()
    {
        var document = Extractor.Extract("---\r\ntitle: Windows note\r\n---\r\nBody.\r\n", "note.md");

        Assert.Equal("Windows note", document.Title);
        Assert.Equal("Body.", document.Text);
    }

    [Fact]
    public void Extract_DateLineUnderHeading_SetsPublishedAt()
    {
        var document = Extractor.Extract("# Talks resume\n\nPublished: 9 January 2026\n\nBody.", "note.md");

        Assert.Equal(new DateOnly(2026, 1, 9), document.PublishedAt);
    }

    [Fact]
    public void Extract_HeadingEndingWithDate_SetsPublishedAt()
    {
        var document = new MarkdownExtractor().Extract("# Minutes of the meeting of 20 January 2026\n\nPresent: the mayor.", "minutes.md");

        Assert.Equal(new DateOnly(2026, 1, 20), document.PublishedAt);
    }

    [Fact]
    public void Extract_FrontMatterDate_WinsOverDateInHeading()
    {
        var document = new MarkdownExtractor().Extract("---\ndate: 2026-01-22\n---\n# Minutes of the meeting of 20 January 2026\n\nText.", "minutes.md");

        Assert.Equal(new DateOnly(2026, 1, 22), document.PublishedAt);
    }
}
