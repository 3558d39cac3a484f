using Briefer.Core.Conversations;

namespace Briefer.Core.Tests.Conversations;

public sealed class RuleFollowUpRewriterTests
{
    private static ConversationTurn Turn(string question) => new(question, question, "answer", false, [], DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("Why did she propose them?", "Who proposed the Harbour Street bike lanes?", "Why did she propose them? (Harbour Street)")]
    [InlineData("And in Spain?", "How high did wholesale power prices in Italy go?", "And in Spain? (wholesale power prices)")]
    [InlineData("Where had he been held?", "Which former presidential candidate was released from prison?", "Where had he been held? (former presidential candidate released from prison)")]
    [InlineData("and when did it start?", "Why did the US call off the second strike?", "and when did it start? (US)")]
    public void Rewrite_Elliptical_BorrowsTheSubjectOrPredicate(string followUp, string previous, string expected) =>
        Assert.Equal(expected, RuleFollowUpRewriter.Rewrite(followUp, [Turn(previous)]));

    [Fact]
    public void Rewrite_SelfContained_Unchanged()
    {
        const string question = "What did Maria Corina Machado ask for after the prisoner releases?";

        Assert.Equal(question, RuleFollowUpRewriter.Rewrite(question, [Turn("Who proposed the Harbour Street bike lanes?")]));
    }

    [Fact]
    public void Rewrite_NoHistory_Unchanged() => Assert.Equal("and why?", RuleFollowUpRewriter.Rewrite(" and why? ", []));

    [Fact]
    public void Rewrite_ThirdTurn_CarriesWhatTheSecondBorrowed()
    {
        var second = new ConversationTurn("Why did she propose them?", "Why did she propose them? (Harbour Street)", "a", false, [], DateTimeOffset.UnixEpoch);

        Assert.Equal("And when?", RuleFollowUpRewriter.Rewrite("And when?", [second])[..9]);
        Assert.Contains("Harbour Street", RuleFollowUpRewriter.Rewrite("And when?", [second]), StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_NeverBorrowsWhatTheFollowUpAlreadySays()
    {
        var rewritten = RuleFollowUpRewriter.Rewrite("What did the Harbour Street shops say about it?", [Turn("Who proposed the Harbour Street bike lanes?")]);

        Assert.Equal(1, rewritten.Split("Harbour").Length - 1);
    }

    [Theory]
    [InlineData("and then?", true)]
    [InlineData("What about it?", true)]
    [InlineData("Why?", true)]
    [InlineData("How much will the Harbour Street bike lanes cost?", false)]
    public void IsElliptical_Classifies(string question, bool expected) => Assert.Equal(expected, RuleFollowUpRewriter.IsElliptical(question));
}
