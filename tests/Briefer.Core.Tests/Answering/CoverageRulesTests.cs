using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

/// <summary>What decides "not covered": key terms of casual and technical questions, and how evidence meets them.</summary>
public sealed class CoverageRulesTests
{
    private static RetrievedChunk Chunk(string text, string title = "Guide") =>
        new(new DocumentId("dddddddddddddddd"), title, "/docs/guide.md", null, 0, 0, text.Length, text, 0.03, 5.0, 0.6);

    private static string? MissingKeyTerm(string question, string text)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        return AbstainReasons.MissingKeyTerm(analysis, AnswerFeatures.Build(analysis, [Chunk(text)]));
    }

    private static List<string> ConstraintTexts(string question) =>
        [.. QuestionAnalyzer.Analyze(question).Constraints.Select(c => c.Text)];

    [Theory]
    [InlineData("Error [TokenInvalid]: An invalid token was provided. i literally just copied it")]
    [InlineData("background save fails on linux, Can't save in background: fork: Cannot allocate memory")]
    [InlineData("npm ERR! code ELIFECYCLE when starting, what do")]
    public void Analyze_PastedErrorLine_LogLevelsAndFunctionWordsAreNotNames(string question)
    {
        var names = QuestionAnalyzer.Analyze(question).Of(ConstraintKind.Name).Select(c => c.Text).ToList();

        Assert.DoesNotContain(names, n => n.Split(' ').Any(w => w is "An" or "Error" or "ERR" or "Cannot" or "Can't"));
    }

    [Fact]
    public void Analyze_PastedErrorLine_KeepsItsCode()
    {
        Assert.Contains("ELIFECYCLE", ConstraintTexts("npm ERR! code ELIFECYCLE when starting, what do"));
    }

    [Fact]
    public void Analyze_UpperCaseCommandAndSubcommand_AreOneIdentifier()
    {
        var analysis = QuestionAnalyzer.Analyze("how do i use LATENCY EXPLAIN to see why a command was slow");

        Assert.Contains(analysis.Constraints, c => c.Text == "LATENCY EXPLAIN" && c.Form == ConstraintForm.Identifier);
    }

    [Fact]
    public void Analyze_CamelCaseOption_IsAnIdentifier()
    {
        var analysis = QuestionAnalyzer.Analyze("whats the default for the autoReconnect client option");

        Assert.Contains(analysis.Constraints, c => c.Text == "autoReconnect" && c.Form == ConstraintForm.Identifier);
    }

    [Fact]
    public void MissingKeyTerm_NearMissOption_Abstains()
    {
        Assert.Equal(
            "no source mentions \"tls-auto-reload-cron\"",
            MissingKeyTerm("how do i set tls-auto-reload-cron so certs reload at midnight", "tls-auto-reload-interval sets how often certificates reload. Run it from cron if you like."));
    }

    [Fact]
    public void MissingKeyTerm_OptionWrittenWithOtherSeparators_Answers()
    {
        Assert.Null(MissingKeyTerm("what does --max-connections default to", "max_connections: the most clients at once (default 512)."));
    }

    [Fact]
    public void MissingKeyTerm_FlagAskedWithoutDashes_Answers()
    {
        Assert.Null(MissingKeyTerm("whats the host flag default, host", "--host string: the address to bind (default 127.0.0.1)."));
    }

    [Fact]
    public void MissingKeyTerm_InventedSubcommand_Abstains()
    {
        Assert.Equal(
            "no source mentions \"ACL CLONEUSER\"",
            MissingKeyTerm("whats the syntax for ACL CLONEUSER to copy an existing user", "ACL SETUSER creates a user. To copy a user, clone its rules with ACL GETUSER and ACL SETUSER."));
    }

    [Fact]
    public void MissingKeyTerm_SubcommandWrittenTogether_Answers()
    {
        Assert.Null(MissingKeyTerm("how do i use LATENCY DOCTOR", "Run LATENCY DOCTOR to get a report on latency events."));
    }

    [Theory]
    [InlineData("rclone eats like 10gb of ram on a bucket with millions of files, what can i do", "Listing a directory with millions of objects needs memory for every entry; use --fast-list with care.")]
    [InlineData("after sharding my stats say 900 servers but the bot is in 3600, why", "Each shard only knows the guilds it is connected to, so a count from one shard is partial.")]
    [InlineData("i get MaxListenersExceededWarning after 11 commands, should i raise the limit?", "The MaxListenersExceededWarning means a listener is added on every command; raise the limit only if that is intended.")]
    public void MissingKeyTerm_PlainNumberOfTheMembersSituation_NeverDecides(string question, string text)
    {
        Assert.Null(MissingKeyTerm(question, text));
    }

    [Fact]
    public void MissingKeyTerm_YearNoSourceMentions_Abstains()
    {
        Assert.Equal("no source mentions \"2026\"", MissingKeyTerm("when is the 2026 summit", "The 2025 summit ran on October 9-10 in Berlin."));
    }

    private const string Pm2Guide = "Keep the bot running with pm2:\n$ pm2 start index.js\n$ pm2 save\n$ pm2 startup\n";

    [Fact]
    public void MissingKeyTerm_SubcommandTheCommandNeverTakes_Abstains()
    {
        Assert.Equal("no source mentions \"pm2 snapshot\"", MissingKeyTerm("what does pm2 snapshot do? want to save my bots state", Pm2Guide));
    }

    [Fact]
    public void MissingKeyTerm_SubcommandTheDocumentsShow_Answers()
    {
        Assert.Null(MissingKeyTerm("what does pm2 save do?", Pm2Guide));
    }

    [Fact]
    public void MissingKeyTerm_CommandInASentence_IsNotASubcommand()
    {
        Assert.Null(MissingKeyTerm("pm2 eats all my memory, what can i do", Pm2Guide));
    }

    [Fact]
    public void MissingKeyTerm_PastedErrorLine_IsMatchedAsAPhrase()
    {
        Assert.Null(MissingKeyTerm("Error [TokenInvalid]: An invalid token was provided. i literally just copied it", "If you see \"An invalid token was provided\", reset the token in the developer portal."));
    }

    [Fact]
    public void MissingKeyTerm_UnitWithASlash_IsNotAnIdentifier()
    {
        // The passage names the program, as every page of its documentation does: the test is about "megabytes/s".
        Assert.Null(MissingKeyTerm("how do i cap rclone at like 10 megabytes/s", "Use --bwlimit to limit the bandwidth rclone uses, for example --bwlimit 10M."));
    }

    [Fact]
    public void MissingKeyTerm_PastedWarningThatIsAHeading_Answers()
    {
        Assert.Null(MissingKeyTerm(
            "MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 listeners added. should i raise the limit?",
            "### MaxListenersExceededWarning: Possible EventEmitter memory leak detected...\n\nIf you see this warning, you are adding a listener on every command."));
    }

    [Fact]
    public void Explain_LightVerbOnlyTheQuestionHas_IsNeverNamed()
    {
        var analysis = QuestionAnalyzer.Analyze("How hot did it get during the heatwave?");
        var features = AnswerFeatures.Build(analysis, [Chunk("The heatwave brought temperatures of 42 degrees to Seville.")]);
        var best = new RankedSentence(features.Candidates[0], 0, features.Candidate(0));

        Assert.DoesNotContain("\"get\"", AbstainReasons.Explain(analysis, features, best), StringComparison.Ordinal);
    }
}
