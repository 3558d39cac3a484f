using Briefer.Cli.Eval.Docs;

namespace Briefer.Tests.Eval.Docs;

/// <summary>Each matching rule of the docsqa README's scoring, with its own examples.</summary>
public sealed class DocsQaScorerTests
{
    [Fact]
    public void Contains_NumberInsideLongerWord_NotFound() => Assert.False(DocsQaScorer.Contains("works with chrome111 and later", "111"));

    [Fact]
    public void Contains_UnitPrefixOfLongerUnit_NotFound() => Assert.False(DocsQaScorer.Contains("a timeout of 1ms", "1m"));

    [Fact]
    public void Contains_GoldBetweenUnderscores_Found() => Assert.True(DocsQaScorer.Contains("retention is _15d_ by default", "15d"));

    [Fact]
    public void Contains_GoldInParentheses_Found() => Assert.True(DocsQaScorer.Contains("the default retention (15d) applies", "15d"));

    [Fact]
    public void Contains_GoldStartingWithPunctuation_MatchesAfterLetters() => Assert.True(DocsQaScorer.Contains("run prometheus--agent", "--agent"));

    [Fact]
    public void Contains_DifferentCaseAndBackticks_Found() => Assert.True(DocsQaScorer.Contains("Send a `SIGHUP` to the process", "sighup"));

    [Fact]
    public void Contains_BackticksInGold_Ignored() => Assert.True(DocsQaScorer.Contains("use promtool check rules first", "`promtool check rules`"));

    [Fact]
    public void Contains_CurlyQuotesAndDashes_FoldedToAscii() =>
        Assert.True(DocsQaScorer.Contains("it\u2019s set with \u201Cmaxmemory\u201D \u2014 see below \u2013 ok", "it's set with \"maxmemory\" - see below - ok"));

    [Fact]
    public void Contains_LineBreaksAndNonBreakingSpaces_CountAsOneSpace() =>
        Assert.True(DocsQaScorer.Contains("docker volume\n   create\u00A0prometheus-data", "docker volume create prometheus-data"));

    [Fact]
    public void Contains_CompatibilityForms_NormalisedWithNfkc() => Assert.True(DocsQaScorer.Contains("ﬁle size: ５１２ MB", "file size: 512 mb"));

    [Fact]
    public void Contains_DecomposedAccent_ComposedBeforeMatching() => Assert.True(DocsQaScorer.Contains("un cafe\u0301 noir", "café"));

    [Fact]
    public void Contains_AccentedLetterAfterGold_NotFound() => Assert.False(DocsQaScorer.Contains("un café noir", "caf"));

    [Fact]
    public void Contains_GoldAtEndOfText_Found() => Assert.True(DocsQaScorer.Contains("the port is 9090", "9090"));

    [Fact]
    public void Contains_NumberFollowedByDigit_NotFound() => Assert.False(DocsQaScorer.Contains("port 90900", "9090"));

    [Fact]
    public void Normalize_MixedWhitespace_SingleSpacedLowercaseTrimmed() => Assert.Equal("a b c", DocsQaScorer.Normalize("  A \t\n B`` C  "));

    [Fact]
    public void Head_CitationNumberedOne_ChosenOverFirstInList()
    {
        var head = DocsQaScorer.Head([new DocsQaCitation(2, "b.md", "second"), new DocsQaCitation(1, "a.md", "first")]);

        Assert.Equal("first", head?.Quote);
    }

    [Fact]
    public void Head_NoCitationNumberedOne_FirstInList()
    {
        var head = DocsQaScorer.Head([new DocsQaCitation(3, "c.md", "third"), new DocsQaCitation(2, "b.md", "second")]);

        Assert.Equal("third", head?.Quote);
    }

    [Theory]
    [InlineData("/data/set/docs/storage.md", "storage.md")]
    [InlineData(@"C:\set\docs\storage.md", "storage.md")]
    [InlineData("https://example.org/docs/storage.md", "storage.md")]
    public void Page_Source_FileName(string source, string page) => Assert.Equal(page, DocsQaScorer.Page(source));

    [Fact]
    public void Score_GoldInHeadQuoteOnAltPage_AllAnswerableMeasures()
    {
        var reply = Reply(false, "The default is 15d [1].", new DocsQaCitation(1, "/x/docs/config.md", "defaults to 15d"));

        var outcome = DocsQaScorer.Score(Answerable("15d"), reply);

        Assert.True(outcome is { First: true, Anywhere: true, RightPageFirst: true, Abstained: false });
    }

    [Fact]
    public void Score_GoldOnlyInSecondQuote_AnywhereButNotFirst()
    {
        var reply = Reply(false, "See [1] and [2].", new DocsQaCitation(1, "/x/docs/storage.md", "storage is local"), new DocsQaCitation(2, "/x/docs/other.md", "keeps 15d"));

        var outcome = DocsQaScorer.Score(Answerable("15d"), reply);

        Assert.True(outcome is { First: false, Anywhere: true, RightPageFirst: true });
    }

    [Fact]
    public void Score_GoldInHeadQuoteOnWrongPage_NotFirst()
    {
        var reply = Reply(false, "15d [1]", new DocsQaCitation(1, "/x/docs/other.md", "keeps 15d"));

        var outcome = DocsQaScorer.Score(Answerable("15d"), reply);

        Assert.True(outcome is { First: false, Anywhere: true, RightPageFirst: false });
    }

    [Fact]
    public void Score_CitationMarkerLooksLikeGold_MarkerRemovedBeforeMatching()
    {
        var reply = Reply(false, "It is listed [1].", new DocsQaCitation(1, "/x/docs/storage.md", "it is listed"));

        var outcome = DocsQaScorer.Score(Answerable("1"), reply);

        Assert.False(outcome.Anywhere);
    }

    [Fact]
    public void Score_AnswerableAbstained_WrongAbstentionAndNothingElse()
    {
        var outcome = DocsQaScorer.Score(Answerable("15d"), Reply(true, "The sources do not say."));

        Assert.True(outcome is { Abstained: true, First: false, Anywhere: false, RightPageFirst: false });
        Assert.Equal(1, DocsQaFigures.Of(Answerable("15d"), outcome).WrongAbstentions);
    }

    [Fact]
    public void Score_UnanswerableAbstainedButCited_NotCountedAsAbstained()
    {
        var outcome = DocsQaScorer.Score(Unanswerable(), Reply(true, "Not sure [1].", new DocsQaCitation(1, "/x/docs/storage.md", "something near")));

        Assert.False(outcome.AbstainedCorrectly);
    }

    [Fact]
    public void Score_UnanswerableAbstainedWithoutCitations_Abstained() =>
        Assert.True(DocsQaScorer.Score(Unanswerable(), Reply(true, "The sources do not say.")).AbstainedCorrectly);

    [Fact]
    public void Score_Unparsed_StaysInDenominatorAndScoresNothing()
    {
        var answerable = DocsQaFigures.Of(Answerable("15d"), DocsQaScorer.Score(Answerable("15d"), null));
        var unanswerable = DocsQaFigures.Of(Unanswerable(), DocsQaScorer.Score(Unanswerable(), null));

        Assert.Equal(new DocsQaFigures(1, 0, 0, 0, 0, 0, 0, 1), answerable);
        Assert.Equal(new DocsQaFigures(0, 1, 0, 0, 0, 0, 0, 1), unanswerable);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"error\": \"cannot open the store\"}")]
    [InlineData("{\"answer\": \"x\", \"abstained\": false, \"citations\": [{\"n\": 1, \"source\": \"a.md\"}]}")]
    public void TryParse_NotAReply_Null(string json) => Assert.Null(DocsQaReply.TryParse(json));

    [Fact]
    public void TryParse_AskJson_ReadsFieldsUsed()
    {
        var reply = DocsQaReply.TryParse("{\"question\":\"q\",\"answer\":\"a [1]\",\"abstained\":false,\"abstainReason\":null,\"citations\":[{\"n\":1,\"documentId\":\"0123456789abcdef\",\"source\":\"/d/a.md\",\"quote\":\"qq\"}]}");

        Assert.NotNull(reply);
        Assert.Equal("a [1]", reply.Answer);
        Assert.Equal(new DocsQaCitation(1, "/d/a.md", "qq"), Assert.Single(reply.Citations));
    }

    private static DocsQaQuestion Answerable(params string[] gold) => new("q", "storage.md", gold, false, "default", ["config.md"], null);

    private static DocsQaQuestion Unanswerable() => new("q", null, null, true, "fake-option", null, "invented");

    private static DocsQaReply Reply(bool abstained, string answer, params DocsQaCitation[] citations) => new(answer, abstained, null, citations);
}
