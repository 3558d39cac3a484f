using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

public sealed class TechnicalQuestionTests
{
    [Theory]
    [InlineData("how do i check my rules file is valid before i load it?")]
    [InlineData("hey guys, ok so how do u reload the config pls? thx")]
    [InlineData("anyone know if I can run it on arm?")]
    public void Analyze_CasualQuestion_ChatWordsAreNeverConstraints(string question)
    {
        var analysis = QuestionAnalyzer.Analyze(question);

        var words = analysis.Constraints.Select(c => c.Text.ToLowerInvariant()).ToList();
        Assert.DoesNotContain(words, w => w is "i" or "u" or "you" or "pls" or "please" or "anyone" or "ok" or "hey" or "guys" or "thx" or "my");
    }

    [Theory]
    [InlineData("whats the default for --query.timeout", "--query.timeout")]
    [InlineData("what does max_samples_per_send default to?", "max_samples_per_send")]
    [InlineData("where does it read prometheus.yml from", "prometheus.yml")]
    [InlineData("writes fail with ENOSPC, why", "ENOSPC")]
    [InlineData("set server.port how", "server.port")]
    public void Analyze_Identifier_IsAKeyConstraint(string question, string identifier)
    {
        var analysis = QuestionAnalyzer.Analyze(question);

        Assert.Contains(analysis.Constraints, c => c.Text == identifier && c.Kind == ConstraintKind.Name && c.Form == ConstraintForm.Identifier);
    }

    [Fact]
    public void Analyze_PlaceholderName_IsNotAKeyConstraint()
    {
        var analysis = QuestionAnalyzer.Analyze("my alert on my_latency_bucket returns nothing, what changed?");

        Assert.DoesNotContain(analysis.Constraints, c => c.Text.Contains("my_latency", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("whats the default for --query.timeout", AnswerForm.DefaultValue)]
    [InlineData("how long does it wait before a scrape times out by default", AnswerForm.DefaultValue)]
    [InlineData("how do i start it in agent mode?", AnswerForm.Command)]
    [InlineData("which flag turns on compression", AnswerForm.Command)]
    [InlineData("which version turned wal compression on by default?", AnswerForm.Version)]
    [InlineData("since what version can it log queries?", AnswerForm.Version)]
    [InlineData("why is everything in UTC?", AnswerForm.Any)]
    public void Analyze_TechnicalQuestion_FindsTheFormOfAnswer(string question, AnswerForm expected)
    {
        Assert.Equal(expected, QuestionAnalyzer.Analyze(question).Form);
    }

    [Fact]
    public void Analyze_WhatsContraction_IsReadAsWhatIs()
    {
        Assert.Equal(AnswerType.Quantity, QuestionAnalyzer.Analyze("whats the population of the town").AnswerType);
    }

    [Fact]
    public void Analyze_VersionQuestion_AsksForANumber()
    {
        var analysis = QuestionAnalyzer.Analyze("which version turned wal compression on by default?");

        Assert.Equal(AnswerType.Quantity, analysis.AnswerType);
    }

    [Fact]
    public void Analyze_NegationInACondition_IsNotAConstraint()
    {
        var analysis = QuestionAnalyzer.Analyze("whats the default scrape interval if i never set scrape_interval anywhere?");

        Assert.Empty(analysis.Of(ConstraintKind.Negation));
    }

    [Theory]
    [InlineData("is there a guide for version 9?", "9")]
    [InlineData("if i upgrade to 3.x can i go back", "3")]
    [InlineData("what date did 2.55 come out", "2.55")]
    [InlineData("holt_winters is gone in v3?? what is it called now", "3")]
    public void Analyze_Version_IsAVersionConstraint(string question, string version)
    {
        var analysis = QuestionAnalyzer.Analyze(question);

        var constraint = Assert.Single(analysis.Constraints, c => c.Form == ConstraintForm.Version);
        Assert.Equal(version, constraint.Version.ToString());
    }

    [Fact]
    public void Analyze_PastedErrorMessage_IsOnePhrase()
    {
        var analysis = QuestionAnalyzer.Analyze("startup logs say \"No time or size retention was set\" so how long is it kept?");

        Assert.Single(analysis.Constraints, c => c.Form == ConstraintForm.Phrase);
        Assert.DoesNotContain(analysis.Of(ConstraintKind.Name), c => c.Text == "No");
    }

    [Theory]
    [InlineData("3", "3.0.1", true)]
    [InlineData("3", "2.55", false)]
    [InlineData("3.1", "3.0", false)]
    [InlineData("2.55", "2.55.0", true)]
    public void VersionNumber_Meets_ComparesReleases(string asked, string written, bool expected)
    {
        var a = TechnicalTerms.Versions("v" + asked).Single().Version;
        var b = TechnicalTerms.Versions("v" + written).Single().Version;

        Assert.Equal(expected, a.Meets(b));
    }

    [Fact]
    public void Versions_DateDigits_AreNotVersions()
    {
        Assert.Empty(TechnicalTerms.Versions("The conference ran October 9-10 in Berlin, 2025-11-14."));
    }

    private static RetrievedChunk Chunk(string text, string title = "Release notes") =>
        new(new DocumentId("cccccccccccccccc"), title, "/docs/notes.md", null, 0, 0, text.Length, text, 0.03, 5.0, 0.6);

    private static string? MissingKeyTerm(string question, string text)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        return AbstainReasons.MissingKeyTerm(analysis, AnswerFeatures.Build(analysis, [Chunk(text)]));
    }

    [Fact]
    public void MissingKeyTerm_VersionOnlyAsDateDigits_Abstains()
    {
        Assert.Equal("no source mentions \"version 9\"", MissingKeyTerm("is there a migration guide for version 9?", "The summit ran on October 9-10 and the migration guide was presented there."));
    }

    [Fact]
    public void MissingKeyTerm_VersionWrittenAnotherWay_Answers()
    {
        Assert.Null(MissingKeyTerm("holt_winters is gone in v3?? what is it called now", "In Prometheus 3.0 the holt_winters function was renamed to double_exponential_smoothing."));
    }

    [Fact]
    public void MissingKeyTerm_InventedFlag_Abstains()
    {
        Assert.Equal("no source mentions \"--storage.retention.days\"", MissingKeyTerm("what does --storage.retention.days default to?", "--storage.retention.time: How long to retain samples. Defaults to 15d."));
    }

    [Fact]
    public void MissingKeyTerm_IdentifierWrittenAsWords_Answers()
    {
        Assert.Null(MissingKeyTerm("what is max_connections by default?", "The max connections setting defaults to 512 for each listener."));
    }

    [Fact]
    public void MissingKeyTerm_CasualWords_NeverDecide()
    {
        Assert.Null(MissingKeyTerm("ok so how do i check my rules file is valid before i load it? thx", "To check that a rules file is valid, run promtool check rules."));
    }
}
