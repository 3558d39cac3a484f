using System.Diagnostics;
using System.Text;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Core.Tests.Ingestion;

/// <summary>Inputs that used to escape the error handling: deep HTML, slow extraction, one-line documents, images.</summary>
public sealed class IngestionLimitsTests
{
    private static DocumentSource Source(string name, string text) => new("/docs/" + name, name, Encoding.UTF8.GetBytes(text));

    public static string Nested(string tag, int depth, string text = "Deep text survives the flattening.") =>
        string.Concat(Enumerable.Repeat($"<{tag}>", depth)) + text + string.Concat(Enumerable.Repeat($"</{tag}>", depth));

    [Theory]
    [InlineData("div", 200_000)]
    [InlineData("i", 400_000)]
    public void Load_DeeplyNestedHtml_FinishesQuicklyAndKeepsTheText(string tag, int depth)
    {
        var html = "<html><body><p>Harbour news.</p>" + (tag == "i" ? string.Concat(Enumerable.Repeat("<i>", depth)) + "Deep text survives the flattening." : Nested(tag, depth)) + "</body></html>";
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        var document = TestDocuments.Loader().Load(Source("deep.html", html));

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Assert.Contains("Deep text survives the flattening.", document.Text, StringComparison.Ordinal);
        Assert.True(used < TimeSpan.FromSeconds(30), $"took {used.TotalSeconds:0.0} CPU-s for {html.Length / 1e6:0.0} MB");
    }

    [Fact]
    public void Flatten_ShallowPage_Unchanged()
    {
        const string page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><img src=x><br/></div></body></html>";

        Assert.Same(page, HtmlNestingGuard.Flatten(page, 16, out var deepest));
        Assert.True(deepest < 16);
    }

    [Fact]
    public void Flatten_BeyondTheLimit_DropsTagsNotText()
    {
        var flattened = HtmlNestingGuard.Flatten(Nested("div", 50, "kept"), 10, out var deepest);

        Assert.Equal(50, deepest);
        Assert.Equal(string.Concat(Enumerable.Repeat("<div>", 10)) + "kept" + string.Concat(Enumerable.Repeat("</div>", 10)), flattened);
    }

    [Fact]
    public void Load_BudgetSpent_RefusedWithTheSetting()
    {
        var time = new FakeTimeProvider();
        var budget = new ExtractionBudget("slow.html", TimeSpan.FromSeconds(60), time);
        time.Advance(TimeSpan.FromSeconds(61));

        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(Source("slow.html", "<p>Anything at all here.</p>"), budget));

        Assert.Contains("took longer than 60 s", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Ingestion:ExtractionTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("note.txt", "The harbour master said berths 3 and 4 reopen on Monday.")]
    [InlineData("message.txt", "Ferries resume tomorrow.")]
    [InlineData("note.md", "The council approved the bike lanes after a long debate.")]
    public void Load_OneLineDocument_TitleIsNotTheLineSoTheLineStaysQuotable(string name, string line)
    {
        var document = TestDocuments.Loader().Load(Source(name, line));

        Assert.Equal(line, document.Text);
        Assert.NotEqual(line.TrimEnd('.'), document.Title.TrimEnd('.'));
        Assert.EndsWith("…", document.Title, StringComparison.Ordinal);
        Assert.StartsWith(document.Title.TrimEnd('…'), line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 }, "OCR is not supported")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46 }, "image")]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, "save it as .docx")]
    public void Load_KnownBinaryNamedTxt_SaysWhatItIs(byte[] bytes, string expected)
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => TestDocuments.Loader().Load(new DocumentSource("/docs/x.txt", "x.txt", bytes)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Markdown_HeadingsAreSections()
    {
        var document = TestDocuments.Loader().Load(Source("plan.md", "# Plan\n\nIntro text here.\n\n## Costs\n\nCosts rose by a tenth.\n"));
        var costs = document.Text.IndexOf("Costs rose", StringComparison.Ordinal);

        Assert.Equal("Plan › Costs", SectionLocator.Locate(document.Sections, costs, costs + 5));
    }

    [Fact]
    public void Load_Html_HeadingsAreSections()
    {
        var document = TestDocuments.Loader().Load(Source("page.html", "<article><h1>Storm</h1><p>Waves hit the pier.</p><h2>Damage</h2><p>The pier lost two lamps.</p></article>"));
        var lamps = document.Text.IndexOf("lamps", StringComparison.Ordinal);

        Assert.Equal("Storm › Damage", SectionLocator.Locate(document.Sections, lamps, lamps + 5));
    }
}
