using System.Runtime.CompilerServices;
using Briefer.Core.Chunking;
using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Chunking;

public sealed class SentenceSplitterTests
{
    private static string[] Sentences(string text) =>
        [.. SentenceSplitter.Split(text).Select(r => text[r.Start..r.End])];

    [Fact]
    public void Split_TwoPlainSentences_ReturnsBoth()
    {
        Assert.Equal(["The cat sat.", "The dog ran."], Sentences("The cat sat. The dog ran."));
    }

    [Fact]
    public void Split_AnyText_RangesExcludeSurroundingWhitespace()
    {
        const string text = "  One here.   Two there!  \n\n  Three? ";

        var ranges = SentenceSplitter.Split(text);

        Assert.All(ranges, r =>
        {
            Assert.False(char.IsWhiteSpace(text[r.Start]));
            Assert.False(char.IsWhiteSpace(text[r.End - 1]));
        });
        Assert.Equal(["One here.", "Two there!", "Three?"], ranges.Select(r => text[r.Start..r.End]));
    }

    [Theory]
    [InlineData("Mr. Smith met Dr. Jones at St. Paul's.")]
    [InlineData("Prof. Lee and Mrs. Lee arrived with Gen. Ford and Sen. Reed.")]
    [InlineData("The U.S. President spoke to U.K. officials.")]
    [InlineData("Fruits, e.g. apples, and nuts, i.e. almonds, were served.")]
    [InlineData("It was Jan. 9 and Sept. 12 for Gov. Newsom and Rep. Ocasio.")]
    [InlineData("Apple Inc. and Acme Ltd. signed with Widget Co. and Mega Corp. today.")]
    [InlineData("He lives at No. 10 with Martin Luther King Jr. and others.")]
    [InlineData("The match was Smith vs. Jones at 9 a.m. and closed at 5 p.m. sharp.")]
    public void Split_Abbreviations_DoNotEndSentence(string text)
    {
        Assert.Single(Sentences(text));
    }

    [Fact]
    public void Split_AbbreviationThatCanEndSentenceBeforeCapital_Splits()
    {
        Assert.Equal(["They sold apples, pears, etc.", "Then they left."], Sentences("They sold apples, pears, etc. Then they left."));
    }

    [Fact]
    public void Split_Initials_DoNotEndSentence()
    {
        Assert.Equal(["J. R. R. Tolkien wrote it.", "It sold well."], Sentences("J. R. R. Tolkien wrote it. It sold well."));
    }

    [Fact]
    public void Split_DecimalsAndVersions_DoNotEndSentence()
    {
        Assert.Equal(["Growth was 3.5 percent in v1.2.3 of the report.", "Next."], Sentences("Growth was 3.5 percent in v1.2.3 of the report. Next."));
    }

    [Fact]
    public void Split_ClosingQuoteAfterFullStop_SplitsAfterQuote()
    {
        Assert.Equal(["\"It is done.\"", "He said it twice."], Sentences("\"It is done.\" He said it twice."));
    }

    [Fact]
    public void Split_QuestionInQuoteFollowedByLowercase_StaysOneSentence()
    {
        Assert.Single(Sentences("\"Why now?\" she asked."));
    }

    [Fact]
    public void Split_QuestionAndExclamationMarks_EndSentences()
    {
        Assert.Equal(["Is it over?", "Yes!", "Go home."], Sentences("Is it over? Yes! Go home."));
    }

    [Fact]
    public void Split_EllipsisBeforeCapital_Splits()
    {
        Assert.Equal(["He waited...", "Then he left."], Sentences("He waited... Then he left."));
    }

    [Fact]
    public void Split_EllipsisBeforeLowercase_StaysOneSentence()
    {
        Assert.Single(Sentences("He waited… and then he left."));
    }

    [Fact]
    public void Split_LineBreaks_AreHardBoundaries()
    {
        Assert.Equal(["Heading", "First item", "Second item", "Body text."], Sentences("Heading\nFirst item\nSecond item\n\nBody text."));
    }

    [Theory]
    [InlineData("1. First step is here.")]
    [InlineData("b. Second option is here.")]
    [InlineData("iv. Fourth clause is here.")]
    public void Split_PlainTextListMarker_StaysWithItsItem(string line)
    {
        Assert.Equal([line], Sentences(line));
    }

    [Fact]
    public void Split_NumberEndingSentence_StillSplits()
    {
        Assert.Equal(["Prices rose in 2025.", "They fell later."], Sentences("Prices rose in 2025. They fell later."));
    }

    [Fact]
    public void Split_ClosingBracketAfterFullStop_SplitsAfterBracket()
    {
        Assert.Equal(["(See the annex.)", "Next part."], Sentences("(See the annex.) Next part."));
    }

    [Fact]
    public void Split_AbbreviationAfterOpeningBracket_IsRecognised()
    {
        Assert.Single(Sentences("The envoy (Dr. Ruiz) arrived."));
    }

    [Fact]
    public void Split_NoTerminalPunctuation_ReturnsWholeText()
    {
        Assert.Equal(["just some words without an end"], Sentences("just some words without an end"));
    }

    [Fact]
    public void Split_EmptyOrWhitespace_ReturnsNothing()
    {
        Assert.Empty(SentenceSplitter.Split("  \n\n "));
    }

    [Fact]
    public void Split_SampleArticle_KeepsUsPresidentTogether()
    {
        var text = TextNormalizer.Normalize(File.ReadAllText(SamplePath()));

        var sentences = Sentences(text);

        Assert.Equal(
            "In a significant diplomatic development, U.S. President Donald Trump announced he has called off a second planned military strike against Venezuela.",
            sentences[0]);
        Assert.Contains("Prisoner Release Prompts Change in Strategy", sentences);
    }

    /// <summary>The sample article in the repository's samples folder, found from this source file's location.</summary>
    internal static string SamplePath([CallerFilePath] string thisFile = "")
    {
        var dir = new FileInfo(thisFile).Directory;
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "samples")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "samples", "us-calls-off-second-strike.txt");
    }
}
