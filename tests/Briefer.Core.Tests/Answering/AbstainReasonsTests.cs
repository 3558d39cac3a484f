using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

public sealed class AbstainReasonsTests
{
    private static readonly RetrievedChunk Strike = new(
        new DocumentId("aaaaaaaaaaaaaaaa"),
        "US calls off second strike",
        "/docs/strike.txt",
        null,
        0,
        0,
        200,
        "Trump called off a second strike against Venezuela on Friday. The decision followed the release of political prisoners in Caracas. They had been held at El Helicoide.",
        0.03,
        5.0,
        0.6);

    private static string Explain(string question)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        var features = AnswerFeatures.Build(analysis, [Strike]);
        var best = Enumerable.Range(0, features.Candidates.Count)
            .Select(i => new RankedSentence(features.Candidates[i], -i, features.Candidate(i)))
            .First();
        return AbstainReasons.Explain(analysis, features, best);
    }

    [Fact]
    public void Explain_NameNoSourceMentions_NamesIt()
    {
        Assert.Equal("no source mentions \"Cuba\"", Explain("Why did the US call off the strike on Cuba?"));
    }

    [Fact]
    public void Explain_YearNoSourceMentions_NamesIt()
    {
        Assert.Equal("no source mentions \"1999\"", Explain("What did Trump call off in 1999?"));
    }

    [Fact]
    public void Explain_ContentWordNoSourceMentions_NamesItAsAsked()
    {
        Assert.Contains("\"vaccines\"", Explain("Why did Trump call off the vaccines?"), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_EveryConstraintMet_SaysTheClosestPassageDoesNotAnswer()
    {
        var reason = Explain("Why did Trump call off the second strike on Venezuela?");

        Assert.StartsWith("the closest passage", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("How many Italian nationals were freed?")]
    [InlineData("Roughly how many prisoners were freed?")]
    [InlineData("What happened on the 5th day?")]
    public void MissingKeyTerm_WordsATextCanSayOtherwise_DoNotDecide(string question)
    {
        var analysis = QuestionAnalyzer.Analyze(question);

        Assert.Null(AbstainReasons.MissingKeyTerm(analysis, AnswerFeatures.Build(analysis, [Strike])));
    }

    [Theory]
    [InlineData("Why did the US call off the strike on Cuba?", "Cuba")]
    [InlineData("What did Trump call off in 1999?", "1999")]
    [InlineData("How much will the bike lanes on Ocean Avenue cost?", "Ocean Avenue")]
    public void MissingKeyTerm_NameOrNumberNoPassageHas_Decides(string question, string missing)
    {
        var analysis = QuestionAnalyzer.Analyze(question);

        Assert.Equal($"no source mentions \"{missing}\"", AbstainReasons.MissingKeyTerm(analysis, AnswerFeatures.Build(analysis, [Strike])));
    }

    [Fact]
    public void MissingKeyTerm_UndottedAbbreviationTheTextDots_IsFound()
    {
        var analysis = QuestionAnalyzer.Analyze("Who called off the strike in the U.S?");
        var chunk = Strike with { Text = "The U.S. called off a second strike against Venezuela on Friday." };

        Assert.Null(AbstainReasons.MissingKeyTerm(analysis, AnswerFeatures.Build(analysis, [chunk])));
    }

    [Theory]
    [InlineData("When did Trump call off the strike?", null)]
    [InlineData("How many prisoners were held at El Helicoide?", "the closest passage does not give a number")]
    public void MissingAnswerType_DateOrNumberAsked_AbstainsOnlyWhenThePassageHasNone(string question, string? expected)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        var features = AnswerFeatures.Build(analysis, [Strike]);
        var ranked = Enumerable.Range(0, features.Candidates.Count)
            .Select(i => new RankedSentence(features.Candidates[i], -i, features.Candidate(i)))
            .ToList();

        Assert.Equal(expected, AbstainReasons.MissingAnswerType(analysis, ranked));
    }
}
