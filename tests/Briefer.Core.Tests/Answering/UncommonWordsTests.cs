using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering;

/// <summary>
/// Lower-case words the documents never write ("does zephyrq run on macos?"), identifier parts and typos, for the
/// key-term gate; over a made-up project's page (Fixtures/zephyrq.md), never an evaluation set's.
/// </summary>
public sealed class UncommonWordsTests
{
    private const string Platforms = "Zephyrq runs on Linux and Windows. Prebuilt binaries are published for x86-64 only.";

    private const string Settings = "The configuration lives in `zephyrq.toml`. Every setting can also be given as an environment variable.\n"
        + "`compression.zstdLevel` | `3` | How hard journal segments are compressed.\n"
        + "`broker.heartbeat_ms` | `15000` | How often the broker pings idle clients.\n"
        + "`journal.segmentBytes` | `64 MiB` | The size at which a journal segment is closed.\n"
        + "Clients authenticate with a shared token set in `auth.token`.";

    private static RetrievedChunk Chunk(string text, string title = "Zephyrq") =>
        new(new DocumentId("eeeeeeeeeeeeeeee"), title, "/docs/zephyrq.md", null, 0, 0, text.Length, text, 0.03, 5.0, 0.6);

    private static string? MissingKeyTerm(string question, string text)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        return AbstainReasons.MissingKeyTerm(analysis, AnswerFeatures.Build(analysis, [Chunk(text)]));
    }

    [Theory]
    [InlineData("does zephyrq run on macos?", "macos")]
    [InlineData("does zephyrq run on macOS?", "macos")]
    [InlineData("can i run zephyrq on freebsd", "freebsd")]
    public void MissingKeyTerm_LowerCasePlatformNoSourceMentions_Abstains(string question, string word)
    {
        Assert.Equal($"no source mentions \"{word}\"", MissingKeyTerm(question, Platforms));
    }

    [Theory]
    [InlineData("does zephyrq run on windows?")]
    [InlineData("does zephyrq run on windos?")]
    [InlineData("hey guys, I opened zephyrq on linux and it crashed, is that normal pls")]
    [InlineData("are there prebuilt binaries for linux")]
    public void MissingKeyTerm_CasualWordingOrTypoOfAWordTheDocumentsWrite_DoesNotAbstain(string question)
    {
        Assert.Null(MissingKeyTerm(question, Platforms));
    }

    [Theory]
    [InlineData("what's the heartbeat ms default in zephyrq?")]
    [InlineData("can zephyrq compress its segments with zstd?")]
    [InlineData("where does the zephyrq config live?")]
    [InlineData("is there an env var for every zephyrq setting?")]
    public void MissingKeyTerm_WordWrittenAsAnIdentifierPartOrAbbreviated_DoesNotAbstain(string question)
    {
        Assert.Null(MissingKeyTerm(question, Settings));
    }

    [Fact]
    public void Analyze_CasualQuestion_HasNoUncommonWords()
    {
        var analysis = QuestionAnalyzer.Analyze("hey guys I opened it and idk, it just crashes randomly pls help");

        Assert.Empty(analysis.UncommonWords);
    }

    [Fact]
    public void Analyze_LowerCaseProductNames_AreUncommonWords()
    {
        var analysis = QuestionAnalyzer.Analyze("is zephyrq on freebsd or macos yet?");

        Assert.Equal(["zephyrq", "freebsd", "macos"], analysis.UncommonWords);
    }

    [Theory]
    [InlineData("x509 errors on my synology nas, any idea?")]
    [InlineData("the zephyrq broker drops my tiny json payloads")]
    public void Analyze_UncommonWordModifyingTheNextWord_IsTheSituationNotTheSubject(string question)
    {
        Assert.DoesNotContain(QuestionAnalyzer.Analyze(question).UncommonWords, w => w is "synology" or "json" or "zephyrq");
    }

    [Fact]
    public void Analyze_UncommonWords_LeaveTheConstraintsAsBefore()
    {
        var constraints = QuestionAnalyzer.Analyze("does zephyrq run on macos?").Constraints;

        Assert.All(constraints, c => Assert.Equal(ConstraintKind.Content, c.Kind));
    }

    [Theory]
    [InlineData("opened")]
    [InlineData("guys")]
    [InlineData("reinstall")]
    [InlineData("beginners")]
    [InlineData("heartbeat")]
    [InlineData("shutdown")]
    [InlineData("login")]
    [InlineData("redid")]
    [InlineData("wtf")]
    public void IsCommon_EnglishWordOrItsRegularForm_IsTrue(string word) => Assert.True(CommonWords.IsCommon(word));

    [Theory]
    [InlineData("macos")]
    [InlineData("freebsd")]
    [InlineData("zephyrq")]
    [InlineData("zstd")]
    public void IsCommon_ProductOrProjectName_IsFalse(string word) => Assert.False(CommonWords.IsCommon(word));

    [Theory]
    [InlineData("broker.heartbeat_ms")]
    [InlineData("heartbeatMs")]
    [InlineData("heartbeat-ms")]
    [InlineData("broker/heartbeat")]
    public void IdentifierParts_Identifier_HoldsEachPart(string identifier)
    {
        Assert.Contains("heartbeat", AnswerTerms.IdentifierParts($"Set `{identifier}` to change it."));
    }

    [Fact]
    public void From_UnitWritingAnIdentifier_MentionsItsParts()
    {
        var unit = Assert.Single(SentenceCandidates.From([Chunk("Set `broker.heartbeat_ms` to change how often idle clients are pinged.")]));

        Assert.Contains("heartbeat", unit.TermSet);
        Assert.DoesNotContain("heartbeat", unit.Terms);
    }

    [Fact]
    public void IdentifierParts_PlainProse_IsEmpty()
    {
        Assert.Empty(AnswerTerms.IdentifierParts("The broker pings idle clients. It never waits."));
    }

    [Theory]
    [InlineData("replication", "replicaton", true)]
    [InlineData("replication", "replicatoin", true)]
    [InlineData("replication", "replicationx", true)]
    [InlineData("macos", "macros", true)]
    [InlineData("macos", "windows", false)]
    [InlineData("segment", "segmnet", true)]
    [InlineData("segment", "sgmnet", false)]
    public void AtMostOne_Words_OneSlipApart(string a, string b, bool expected)
    {
        Assert.Equal(expected, EditDistance.AtMostOne(a, b));
        Assert.Equal(expected, EditDistance.AtMostOne(b, a));
    }
}
