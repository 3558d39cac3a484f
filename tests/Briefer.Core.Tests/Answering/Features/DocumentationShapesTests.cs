using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering.Features;

public sealed class DocumentationShapesTests
{
    [Theory]
    [InlineData("how do i turn on tls for the admin port?", AskedKind.Command)]
    [InlineData("whats the default cache size if i dont set it", AskedKind.Default)]
    [InlineData("which version added the new ui?", AskedKind.Version)]
    [InlineData("why does the server refuse my connection?", AskedKind.Reason)]
    [InlineData("what is a replica?", AskedKind.None)]
    public void Asked_Wording_GivesTheKind(string question, AskedKind expected)
    {
        Assert.Equal(expected, DocumentationShapes.Asked(question));
    }

    [Fact]
    public void Identifiers_FlagsPathsAndSnakeCase_AreFoundNormalized()
    {
        var ids = DocumentationShapes.Identifiers("can i set --cache.max-size or max_connections in server.yml, e.g. with retryCount?");

        Assert.Contains("cache.max-size", ids);
        Assert.Contains("max_connections", ids);
        Assert.Contains("server.yml", ids);
        Assert.Contains("retrycount", ids);
        Assert.DoesNotContain("can", ids);
    }

    [Fact]
    public void Versions_VersionsAndYears_NotOtherNumbers()
    {
        Assert.Equal(["2.45.1", "3.0", "2024"], DocumentationShapes.Versions("upgrade from v2.45.1 to 3.0 (released 2024) on 8 nodes"));
    }

    [Theory]
    [InlineData("cache.max-size", "cache.max-sise", true)]
    [InlineData("cache.max-size", "cache.max-size", false)]
    [InlineData("cache.max-size", "totally.other", false)]
    public void HasNearMiss_OneOrTwoEditsAway(string identifier, string token, bool expected)
    {
        Assert.Equal(expected, DocumentationShapes.HasNearMiss(identifier, new HashSet<string> { token }));
    }

    [Theory]
    [InlineData("3.1", new[] { "3.0" }, true)]
    [InlineData("2026", new[] { "2025" }, true)]
    [InlineData("3.1", new[] { "3.1" }, false)]
    [InlineData("3.1", new[] { "7.2" }, false)]
    public void IsVersionNearMiss_OffByOnePart(string wanted, string[] found, bool expected)
    {
        Assert.Equal(expected, DocumentationShapes.IsVersionNearMiss(wanted, found));
    }

    [Fact]
    public void OpensWithCause_ReasonAfterSymptom()
    {
        Assert.True(DocumentationShapes.OpensWithCause("This is because the socket is closed early."));
        Assert.False(DocumentationShapes.OpensWithCause("The socket is closed early."));
    }

    [Fact]
    public void Features_DefaultQuestion_KeyValueUnderItsHeadingMatchesTheKind()
    {
        const string text = "The cache keeps recent pages in memory.\nDefault: 512 pages when unset.\n";
        var chunk = new RetrievedChunk(new DocumentId("cccccccccccccccc"), "Settings", "/docs/settings.md", null, 0, 0, text.Length, text, 1, 1, 1)
        {
            Blocks =
            [
                new TextBlock(0, 39, BlockKind.Paragraph, "Settings › cache.maxSize"),
                new TextBlock(40, 70, BlockKind.KeyValue, "Settings › cache.maxSize"),
            ],
        };
        var features = AnswerFeatures.Build(QuestionAnalyzer.Analyze("what's the default of cache.maxSize?"), [chunk]);
        var names = AnswerFeatures.CandidateNames.ToList();
        var last = features.Candidates.Count - 1;
        var row = features.Candidate(last);

        Assert.Contains("512", features.Candidates[last].Text, StringComparison.Ordinal);
        Assert.Equal(1, row[names.IndexOf("kind_match")]);
        Assert.Equal(1, row[names.IndexOf("ident_exact")]);
        Assert.True(row[names.IndexOf("heading_cov")] > 0);
    }

    [Fact]
    public void QuestionRow_InventedOptionNearAReal_IsANearMiss()
    {
        const string text = "Set cache.maxSize to bound the memory the cache may use.";
        var chunk = new RetrievedChunk(new DocumentId("dddddddddddddddd"), "Settings", "/docs/settings.md", null, 0, 0, text.Length, text, 1, 1, 1);
        var features = AnswerFeatures.Build(QuestionAnalyzer.Analyze("what does cache.maxSise do?"), [chunk]);

        var q = features.QuestionRow([1], 0, features.Candidate(0));

        Assert.Equal(1, q[AnswerFeatures.QuestionNames.ToList().IndexOf("ident_missing_anywhere")]);
        Assert.Equal(1, q[AnswerFeatures.QuestionNames.ToList().IndexOf("ident_near_miss_anywhere")]);
    }
}
