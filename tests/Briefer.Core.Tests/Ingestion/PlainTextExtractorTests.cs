using Briefer.Core.Ingestion;

namespace Briefer.Core.Tests.Ingestion;

public sealed class PlainTextExtractorTests
{
    private static readonly PlainTextExtractor Extractor = new();

    [Fact]
    public void Extract_ShortFirstLine_IsTitle()
    {
        var document = Extractor.Extract("\n\nTalks resume in Geneva\nDelegates met on Monday.", "talks.txt");

        Assert.Equal("Talks resume in Geneva", document.Title);
    }

    [Fact]
    public void Extract_LongFirstLine_TitleIsHumanisedFileName()
    {
        var document = Extractor.Extract(new string('a', 200) + "\nMore.", "long-opening.txt");

        Assert.Equal("Long opening", document.Title);
    }

    [Theory]
    [InlineData("Date: 2026-01-09")]
    [InlineData("Published: January 9, 2026")]
    [InlineData("9 January 2026")]
    [InlineData("Published on Friday, 9th January 2026 at 14:30 GMT")]
    [InlineData("2026-01-09T14:30:00Z")]
    public void Extract_DateLineNearTop_SetsPublishedAt(string dateLine)
    {
        var document = Extractor.Extract($"Talks resume\n{dateLine}\nDelegates met on Monday.", "talks.txt");

        Assert.Equal(new DateOnly(2026, 1, 9), document.PublishedAt);
    }

    [Fact]
    public void Extract_DateOnlyInsideProse_LeavesPublishedAtNull()
    {
        var document = Extractor.Extract("Talks resume\nThe decision, revealed on Friday, January 9, 2026, surprised many.", "talks.txt");

        Assert.Null(document.PublishedAt);
    }

    [Fact]
    public void Extract_IsoDateStartingProseLine_LeavesPublishedAtNull()
    {
        var document = Extractor.Extract("Talks resume\n2026-01-09 was the day the talks resumed.", "talks.txt");

        Assert.Null(document.PublishedAt);
    }

    [Fact]
    public void Extract_DateLineFirst_TitleIsNextLine()
    {
        var document = Extractor.Extract("Date: 2026-01-09\nTalks resume\nBody.", "talks.txt");

        Assert.Equal("Talks resume", document.Title);
    }

    [Fact]
    public void Extract_TitleLabel_IsRemovedFromTitle()
    {
        var document = Extractor.Extract("Title: Talks resume\nBody.", "talks.txt");

        Assert.Equal("Talks resume", document.Title);
    }

    [Fact]
    public void Extract_AmbiguousNumericDate_LeavesPublishedAtNull()
    {
        var document = Extractor.Extract("Talks resume\nDate: 01/09/2026\nBody.", "talks.txt");

        Assert.Null(document.PublishedAt);
    }

    [Fact]
    public void Extract_CrlfAndTabs_ReturnsNormalisedText()
    {
        var document = Extractor.Extract("Title\r\nOne\tsentence  here.\r\n\r\n\r\nTwo.", "t.txt");

        Assert.Equal("Title\nOne sentence here.\n\nTwo.", document.Text);
    }

    [Fact]
    public void Extract_SampleArticle_TitleFromFileAndNoDateFromProse()
    {
        var path = Chunking.SentenceSplitterTests.SamplePath();

        var document = Extractor.Extract(File.ReadAllText(path), Path.GetFileName(path));

        Assert.Equal("US calls off second strike", document.Title);
        Assert.Null(document.PublishedAt);
        Assert.StartsWith("In a significant diplomatic development", document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_MemoWithSubjectLine_SubjectIsTitle()
    {
        const string memo = "MEMORANDUM\n\nTo: All staff\nFrom: Harbour master\nSubject: Berth closures during dredging\n\nBerths 3 and 4 close on Monday.";

        var document = Extractor.Extract(memo, "memo.txt");

        Assert.Equal("Berth closures during dredging", document.Title);
    }

    [Theory]
    [InlineData("RE: Budget review\nSee attached.", "Budget review")]
    [InlineData("Re: Fwd: Budget review\nSee attached.", "Budget review")]
    [InlineData("NOTICE\nTitle: Water main repairs\nWork starts Monday.", "Water main repairs")]
    public void Extract_SubjectLabels_ValueIsTitle(string content, string expected)
    {
        Assert.Equal(expected, Extractor.Extract(content, "memo.txt").Title);
    }

    [Fact]
    public void Extract_SubjectLineBelowTopLines_IsNotTitle()
    {
        var lines = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"Line {i} of the report."));

        var document = Extractor.Extract($"Quarterly report\n{lines}\nSubject: not the title", "r.txt");

        Assert.Equal("Quarterly report", document.Title);
    }

    [Theory]
    [InlineData("us-calls-off-second-strike.txt", "Us calls off second strike")] // no text to take the case from
    [InlineData("Q3_report_FINAL.txt", "Q3 report FINAL")]
    [InlineData("NATO-summit-notes.txt", "NATO summit notes")]
    [InlineData("2026-01-09-council-minutes.txt", "2026-01-09 council minutes")]
    [InlineData("meeting notes.txt", "Meeting notes")]
    [InlineData("iPhone-launch.txt", "iPhone launch")]
    public void TitleFromFileName_Names_AreHumanised(string fileName, string expected)
    {
        Assert.Equal(expected, DocumentHeader.TitleFromFileName(fileName));
    }

    [Theory]
    [InlineData("us-calls-off-second-strike.txt", "The U.S. president called it off. Later the U.S. navy stayed.", "US calls off second strike")]
    [InlineData("us-calls-off-second-strike.txt", "Officials in the US said the second wave was off.", "US calls off second strike")]
    [InlineData("nato-summit-notes.txt", "Leaders met at the NATO summit in Vilnius.", "NATO summit notes")]
    [InlineData("venezuela-prisoner-release.txt", "The release in Venezuela began on Thursday. Critics of Venezuela welcomed it.", "Venezuela prisoner release")]
    [InlineData("new-iphone-launch.txt", "The new iPhone goes on sale in March.", "New iPhone launch")]
    [InlineData("trip-report.txt", "They told us about the trip.", "Trip report")]
    public void TitleFromFileName_WithText_WordsTakeTheTextsCase(string fileName, string text, string expected)
    {
        Assert.Equal(expected, DocumentHeader.TitleFromFileName(fileName, text));
    }

    [Theory]
    [InlineData("Second thoughts. Strike talks went nowhere.")]           // capitals that start a sentence say nothing
    [InlineData("SECOND STRIKE CALLED OFF\nThe second strike was called off.")] // an all-caps banner is not prose
    [InlineData("Second Strike Called Off\nThe second strike was called off.")] // nor is a Title Case heading
    public void TitleFromFileName_CapitalsOutsideProse_AreNotCounted(string text)
    {
        Assert.Equal("Second strike", DocumentHeader.TitleFromFileName("second-strike.txt", text));
    }

    [Fact]
    public void TitleFromFileName_MostCommonFormWins_TieKeepsLowercase()
    {
        Assert.Equal("US visit", DocumentHeader.TitleFromFileName("us-visit.txt", "The U.S. team met us. The U.S. delegation left."));
        Assert.Equal("Us visit", DocumentHeader.TitleFromFileName("us-visit.txt", "The U.S. team met us."));
    }

    [Fact]
    public void TitleFromFileName_WordsTheFileNameCapitalises_KeepTheirCase()
    {
        Assert.Equal("Q3 report FINAL", DocumentHeader.TitleFromFileName("Q3_report_FINAL.txt", "The final q3 report is final."));
    }

    [Fact]
    public void Extract_OwnTitleLine_WinsOverFileName()
    {
        var document = Extractor.Extract("Strike called off\nThe U.S. said the second strike was off.", "us-calls-off-second-strike.txt");

        Assert.Equal("Strike called off", document.Title);
    }

    [Theory]
    [InlineData("Port strike ends\nFriday, January 9, 2026\nDockers returned to work.")]
    [InlineData("Port strike ends\n\nFRIDAY, JANUARY 9, 2026\n\nDockers returned to work.")]
    [InlineData("Friday 9 January 2026\nPort strike ends\nDockers returned to work.")]
    [InlineData("Port strike ends\nFri., Jan. 9th, 2026\nDockers returned to work.")]
    public void Extract_DatelineAloneNearTop_SetsPublishedAt(string content)
    {
        var document = Extractor.Extract(content, "strike.txt");

        Assert.Equal(new DateOnly(2026, 1, 9), document.PublishedAt);
        Assert.Equal("Port strike ends", document.Title);
    }

    [Fact]
    public void Extract_TitleEndingWithDate_SetsPublishedAt()
    {
        var document = Extractor.Extract("Minutes of the meeting of 20 January 2026\nPresent: the mayor and six councillors.", "minutes.txt");

        Assert.Equal("Minutes of the meeting of 20 January 2026", document.Title);
        Assert.Equal(new DateOnly(2026, 1, 20), document.PublishedAt);
    }

    [Theory]
    [InlineData("Board minutes, Tuesday, January 20, 2026")]
    [InlineData("Board minutes (20th Jan 2026)")]
    [InlineData("Board minutes – 2026-01-20")]
    public void Extract_TitleEndingWithDateForms_SetsPublishedAt(string titleLine)
    {
        var document = Extractor.Extract(titleLine + "\nPresent: the mayor.", "minutes.txt");

        Assert.Equal(new DateOnly(2026, 1, 20), document.PublishedAt);
    }

    [Fact]
    public void Extract_SubjectEndingWithDate_SetsPublishedAt()
    {
        var document = Extractor.Extract("MEMORANDUM\nTo: All staff\nSubject: Berth closures from 12 January 2026\n\nBerths 3 and 4 close.", "memo.txt");

        Assert.Equal(new DateOnly(2026, 1, 12), document.PublishedAt);
    }

    [Theory]
    [InlineData("The council met on 20 January 2026.\nIt approved the budget.")]
    [InlineData("Budget approved\nThe council met on 20 January 2026\nIt approved the budget.")]
    [InlineData("Budget approved\nThe council approved the plan. It takes effect on 20 January 2026.")]
    [InlineData("Budget approved in January 2026\nThe council approved the plan.")]
    public void Extract_DateInProse_IsNotPublishedAt(string content)
    {
        Assert.Null(Extractor.Extract(content, "budget.txt").PublishedAt);
    }
}
