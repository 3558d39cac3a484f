using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering;

public sealed class AnswerTypeDetectorTests
{
    private static readonly HashSet<string> NoQuestionWords = [];

    [Theory]
    [InlineData("The bridge reopened on Monday after repairs.")]
    [InlineData("The treaty was signed in 1763 in Paris.")]
    [InlineData("The festival starts on 9 January.")]
    [InlineData("Construction began in the 1990s.")]
    public void Detect_SentenceWithADate_HasTimeEvidence(string sentence)
    {
        Assert.True(AnswerTypeDetector.Detect(sentence, NoQuestionWords).Times > 0);
    }

    [Theory]
    [InlineData("Engineers replaced 40 steel cables.")]
    [InlineData("Turnout was 62% across the region.")]
    [InlineData("Three cyclists were seriously injured.")]
    public void Detect_SentenceWithANumber_HasQuantityEvidence(string sentence)
    {
        Assert.True(AnswerTypeDetector.Detect(sentence, NoQuestionWords).Quantities > 0);
    }

    [Theory]
    [InlineData("The strike was called off because the prisoners were released.")]
    [InlineData("The key factor leading to the de-escalation was the release of prisoners.")]
    [InlineData("Prices rose due to the heatwave.")]
    public void Detect_SentenceGivingAReason_HasReasonEvidence(string sentence)
    {
        Assert.True(AnswerTypeDetector.Detect(sentence, NoQuestionWords).Reasons > 0);
    }

    [Fact]
    public void Detect_NamesAfterAPreposition_ArePlaceEvidence()
    {
        var evidence = AnswerTypeDetector.Detect("Outages were reported in Sicily and Calabria.", NoQuestionWords);

        Assert.True(evidence.Places > 0);
        Assert.True(evidence.For(AnswerType.Place) > 0);
    }

    [Fact]
    public void Detect_TwoCapitalisedWords_ArePersonEvidence()
    {
        Assert.True(AnswerTypeDetector.Detect("The plan was proposed by councillor Ana Reyes.", NoQuestionWords).Persons > 0);
    }

    [Fact]
    public void Detect_WordsTheQuestionAlreadyHas_AreNotEvidence()
    {
        // "When did it open in 1998?" is not answered by a sentence whose only date is the question's own.
        var evidence = AnswerTypeDetector.Detect("It opened in 1998.", new HashSet<string>(["1998", "opened"]));

        Assert.Equal(0, evidence.Times);
        Assert.Equal(0, evidence.Quantities);
    }

    [Fact]
    public void Detect_Evidence_RecordsWhereItIs()
    {
        var evidence = AnswerTypeDetector.Detect("The council voted on Tuesday.", NoQuestionWords);

        Assert.Contains(4, evidence.WordsFor(AnswerType.Time));
    }
}
