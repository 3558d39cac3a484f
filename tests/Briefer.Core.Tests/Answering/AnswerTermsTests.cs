using Briefer.Core.Answering;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

/// <summary>The answering terms: an irregular verb's past form meets its base, BM25's analysis is left alone.</summary>
public sealed class AnswerTermsTests
{
    [Theory]
    [InlineData("The release began on Thursday.", "When did the release begin?")]
    [InlineData("They had been held at the prison.", "Where do they hold them?")]
    [InlineData("The council paid for the study.", "Who will pay for it?")]
    public void Analyze_IrregularPastForm_MeetsTheBaseOfTheQuestion(string text, string question)
    {
        var terms = AnswerTerms.Analyze(text).ToHashSet(StringComparer.Ordinal);
        var verb = AnswerTerms.Analyze(question).Where(t => !KeywordAnalyzer.Analyze(text).Contains(t)).ToList();

        Assert.Contains(verb, terms.Contains);
    }

    [Fact]
    public void Analyze_RegularWord_Unchanged() =>
        Assert.Equal(KeywordAnalyzer.Analyze("the prisoners were released"), AnswerTerms.Analyze("the prisoners were released"));

    [Fact]
    public void Base_PastForms_GiveTheBaseAndLeaveOtherTermsAlone()
    {
        Assert.Equal(KeywordAnalyzer.Analyze("begin").Single(), AnswerTerms.Base(KeywordAnalyzer.Analyze("begun").Single()));
        Assert.Equal("strike", AnswerTerms.Base("strike"));
    }
}
