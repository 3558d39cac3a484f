using Briefer.Answers;
using Briefer.Bot;
using Briefer.Cli;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Tests.Answers;

public sealed class CitedSourcesTests
{
    private static readonly DocumentId Strike = DocumentId.For(ScopeId.Local, "/docs/strike.txt");
    private static readonly DocumentId Oil = DocumentId.For(ScopeId.Local, "/docs/oil.html");

    private static readonly Citation[] Citations =
    [
        new(3, Strike, "US calls off second strike", "/docs/strike.txt", "Naval assets remain.", null),
        new(1, Strike, "US calls off second strike", "/docs/strike.txt", "Trump called off a second strike.", null),
        new(2, Oil, "Oil prices slip", "/docs/oil.html", "Brent fell 2%.", new DateOnly(2026, 1, 10)),
    ];

    [Fact]
    public void Group_TwoCitationsOfOneDocument_OneEntryWithBothQuotesInNumberOrder()
    {
        var sources = CitedSources.Group(Citations);

        Assert.Equal([Strike, Oil], sources.Select(s => s.DocumentId));
        Assert.Equal([1, 3], sources[0].Citations.Select(c => c.N));
        Assert.Equal("[1, 3]", sources[0].Markers);
        Assert.Equal("[2]", sources[1].Markers);
    }

    [Fact]
    public void PrintAnswer_DocumentCitedTwice_ListedOnceWithItsQuotesUnderIt()
    {
        using var output = new StringWriter();

        ResultPrinter.Print(output, new Answer("Why?", "Because [1] [2] [3]", false, Citations), ScopeId.Local);

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains(
            "Sources:\n[1, 3] US calls off second strike — /docs/strike.txt\n    [1] Trump called off a second strike.\n    [3] Naval assets remain.\n" +
            "[2] Oil prices slip — /docs/oil.html (2026-01-10)\n    [2] Brent fell 2%.\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void PrintAnswer_QuotesFromTwoPages_PagesOnTheDocumentLineAndEachQuote()
    {
        using var output = new StringWriter();
        Citation[] citations =
        [
            new(1, Strike, "Strike report", "/docs/strike.pdf", "First.", null, "p. 2"),
            new(2, Strike, "Strike report", "/docs/strike.pdf", "Second.", null, "p. 5"),
        ];

        ResultPrinter.Print(output, new Answer("Why?", "Because [1] [2]", false, citations), ScopeId.Local);

        Assert.Contains(
            "[1, 2] Strike report, p. 2; p. 5 — /docs/strike.pdf\n    [1] (p. 2) First.\n    [2] (p. 5) Second.\n",
            output.ToString().ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void AnswerJson_DocumentCitedTwice_OneSourceEntryAndEveryCitationKept()
    {
        var json = CliJson.From(new Answer("Why?", "Because [1] [2] [3]", false, Citations));

        Assert.Equal(3, json.Citations.Count);
        Assert.Equal(2, json.Sources.Count);
        Assert.Equal(Strike.Value, json.Sources[0].DocumentId);
        Assert.Equal([(1, "Trump called off a second strike."), (3, "Naval assets remain.")], json.Sources[0].Quotes.Select(q => (q.N, q.Quote)));
        Assert.Equal("2026-01-10", json.Sources[1].PublishedAt);
    }

    [Fact]
    public void DiscordAnswer_DocumentCitedTwice_OneSourceLine()
    {
        var embed = AnswerRenderer.Answer(new Answer("Why?", "Because [1] [2] [3]", false, Citations)).Embeds![0];

        var lines = Assert.Single(embed.Fields!).Value.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("[1, 3] US calls off second strike — strike.txt", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("[2] Oil prices slip — oil.html (2026-01-10)", lines[1], StringComparison.Ordinal);
    }
}
