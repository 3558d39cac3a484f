using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering.Features;

/// <summary>The section features: a unit's section coverage, the asked kind held in it, and its place after the subject.</summary>
public sealed class SectionFeaturesTests
{
    // Two sections of one page: the one about snapshots names the task, then gives the command on a line of its own.
    private const string Text =
        "Snapshots are written to disk at intervals.\n" +
        "You can turn off snapshots completely with this setting.\n" +
        "save \"\"\n" +
        "Replicas copy the primary's data set.\n" +
        "Use replicaof to start copying from a primary.\n";

    private static readonly RetrievedChunk Page = new(new DocumentId("eeeeeeeeeeeeeeee"), "Persistence", "/docs/persistence.md", null, 0, 0, Text.Length, Text, 1, 1, 1)
    {
        Blocks =
        [
            new TextBlock(0, 44, BlockKind.Paragraph, "Persistence › Snapshots"),
            new TextBlock(44, 101, BlockKind.Paragraph, "Persistence › Snapshots"),
            new TextBlock(101, 109, BlockKind.Code, "Persistence › Snapshots"),
            new TextBlock(109, 147, BlockKind.Paragraph, "Persistence › Replication"),
            new TextBlock(147, Text.Length, BlockKind.Paragraph, "Persistence › Replication"),
        ],
    };

    private static (AnswerFeatures Features, Func<int, string, float> Value) Featurize(string question, RetrievedChunk chunk)
    {
        var features = AnswerFeatures.Build(QuestionAnalyzer.Analyze(question), [chunk]);
        var names = AnswerFeatures.CandidateNames.ToList();
        return (features, (i, name) => features.Candidate(i)[names.IndexOf(name)]);
    }

    private static int IndexOf(AnswerFeatures features, string text) =>
        features.Candidates.Select((c, i) => (c, i)).First(x => x.c.Text.Contains(text, StringComparison.Ordinal)).i;

    [Fact]
    public void Features_HowDoIQuestion_CommandAfterTheNamingSentenceIsTheSectionsFirstHeldUnit()
    {
        var (features, value) = Featurize("how do i turn off snapshots completely?", Page);
        var command = IndexOf(features, "save \"\"");
        var naming = IndexOf(features, "turn off snapshots");

        Assert.Equal(1, value(command, "held"));
        Assert.Equal(0, value(command, "held_order"));
        Assert.Equal(0, value(command, "held_rank"));
        Assert.Equal(1, value(command, "subject_offset"));
        Assert.Equal(1, value(command, "held_after_subject"));
        Assert.Equal(1, value(command, "first_held_after_subject"));
        Assert.Equal(0, value(naming, "first_held_after_subject"));
        Assert.Equal(0, value(naming, "subject_offset"));
        Assert.Equal(-1, value(naming, "held_order"));
    }

    [Fact]
    public void Features_SectionCoverage_CountsTheWholeSectionAndRanksSections()
    {
        var (features, value) = Featurize("how do i turn off snapshots completely?", Page);
        var command = IndexOf(features, "save \"\"");
        var first = IndexOf(features, "written to disk");
        var replicas = IndexOf(features, "Replicas copy");

        Assert.True(value(first, "sec_cov") > value(first, "cov"));
        Assert.Equal(value(command, "sec_cov"), value(first, "sec_cov"));
        Assert.Equal(0, value(command, "sec_rank"));
        Assert.Equal(1, value(replicas, "sec_rank"));
        Assert.True(value(replicas, "sec_cov") < value(command, "sec_cov"));
    }

    [Fact]
    public void Features_OptionLineOpeningWithTheAskedFlag_LeadsWithIdentifier()
    {
        const string text = "-p port : Server port (default 6379).\nConnects to the server on the given port.\n";
        var chunk = new RetrievedChunk(new DocumentId("ffffffffffffffff"), "CLI", "/docs/cli.md", null, 0, 0, text.Length, text, 1, 1, 1);
        var (features, value) = Featurize("whats the default port if i dont pass -p?", chunk);

        Assert.Equal(1, value(IndexOf(features, "Server port"), "lead_ident"));
        Assert.Equal(0, value(IndexOf(features, "Connects"), "lead_ident"));
    }

    [Theory]
    [InlineData("-p port : Server port (default: 6379).", "-p port ")]
    [InlineData("scrape_interval: 1m", "scrape_interval")]
    [InlineData("$ rclone copy --transfers 8 src dst", "rclone copy --transfers 8 src dst")]
    public void Lead_OptionLines_TextBeforeTheFirstSeparator(string unit, string lead) =>
        Assert.Equal(lead, SectionFeatures.Lead(unit));
}
