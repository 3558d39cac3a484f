using Briefer.Core.Answering;

namespace Briefer.Core.Tests.Answering;

public sealed class QuestionAnalyzerTests
{
    [Theory]
    [InlineData("Why did the US call off the second strike?", AnswerType.Reason)]
    [InlineData("What led to the collapse of the talks?", AnswerType.Reason)]
    [InlineData("For what reason was the bridge closed?", AnswerType.Reason)]
    [InlineData("When do the obligations apply?", AnswerType.Time)]
    [InlineData("In what year did the war end?", AnswerType.Time)]
    [InlineData("Which day was the vote held?", AnswerType.Time)]
    [InlineData("Where were there power outages?", AnswerType.Place)]
    [InlineData("Fresno is the capital of what state?", AnswerType.Place)]
    [InlineData("In which city did the talks take place?", AnswerType.Place)]
    [InlineData("Who proposed the bike lanes?", AnswerType.Person)]
    [InlineData("Which minister announced the plan?", AnswerType.Person)]
    [InlineData("What company builds the turbines?", AnswerType.Person)]
    [InlineData("How many prisoners were released?", AnswerType.Quantity)]
    [InlineData("How much will the lanes cost?", AnswerType.Quantity)]
    [InlineData("What percentage of voters agreed?", AnswerType.Quantity)]
    [InlineData("What is a prime number?", AnswerType.Definition)]
    [InlineData("What does the name Fresno mean in Spanish?", AnswerType.Definition)]
    [InlineData("What treaty ended the war?", AnswerType.Entity)]
    [InlineData("How did the council vote on the bike lanes?", AnswerType.Description)]
    [InlineData("What happened to the price of Brent crude?", AnswerType.Description)]
    public void Analyze_Question_FindsTheKindOfAnswerItAsksFor(string question, AnswerType expected)
    {
        Assert.Equal(expected, QuestionAnalyzer.Analyze(question).AnswerType);
    }

    [Fact]
    public void Analyze_QuestionOpeningWithAName_KeepsTheNameAsAConstraint()
    {
        var analysis = QuestionAnalyzer.Analyze("Fresno is the capital of what state?");

        Assert.Contains(analysis.Of(ConstraintKind.Name), c => c.Text == "Fresno");
        Assert.Equal("state", analysis.Focus);
    }

    [Fact]
    public void Analyze_MultiWordNames_AreOneConstraint()
    {
        var analysis = QuestionAnalyzer.Analyze("What is the population of Los Angeles and the University of Chicago?");

        var names = analysis.Of(ConstraintKind.Name).Select(c => c.Text).ToList();
        Assert.Contains("Los Angeles", names);
        Assert.Contains("University of Chicago", names);
    }

    [Fact]
    public void Analyze_YearsAndNumbers_AreNumberConstraints()
    {
        var analysis = QuestionAnalyzer.Analyze("What happened to the 40 cables in 1998?");

        Assert.Equal(["40", "1998"], analysis.Of(ConstraintKind.Number).Select(c => c.Text));
    }

    [Theory]
    [InlineData("What did the council not approve?")]
    [InlineData("Which party never won a seat?")]
    [InlineData("Who didn't attend the summit?")]
    public void Analyze_NegatedQuestion_HasANegationConstraint(string question)
    {
        Assert.Single(QuestionAnalyzer.Analyze(question).Of(ConstraintKind.Negation));
    }

    [Fact]
    public void Analyze_Superlative_IsAComparisonConstraint()
    {
        var analysis = QuestionAnalyzer.Analyze("What is the least populated city in the valley?");

        Assert.Contains(analysis.Of(ConstraintKind.Comparison), c => c.Text == "least");
    }

    [Fact]
    public void Analyze_QuestionWords_AreNeverContentTerms()
    {
        var analysis = QuestionAnalyzer.Analyze("Why did they say what happened?");

        Assert.DoesNotContain(analysis.ContentTerms, t => t is "why" or "what" or "did" or "sai" or "say" or "happen");
    }

    [Fact]
    public void Analyze_FirstWordOfAQuestion_IsNotANameWhenItIsAFunctionWord()
    {
        var analysis = QuestionAnalyzer.Analyze("In which year did Poland join the EU?");

        Assert.Equal(["Poland", "EU"], analysis.Of(ConstraintKind.Name).Select(c => c.Text));
    }

    [Theory]
    [InlineData("US", "U.S.")]
    [InlineData("UK", "U.K.")]
    [InlineData("EU", "E.U.")]
    public void AnswerTerms_DottedAbbreviation_MeetsTheUndottedOne(string question, string text)
    {
        Assert.Equal(AnswerTerms.Analyze(question), AnswerTerms.Analyze(text));
    }
}
