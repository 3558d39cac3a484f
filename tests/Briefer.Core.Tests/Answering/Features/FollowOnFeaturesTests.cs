using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering.Features;

/// <summary>The follow-on features: a unit's place after the unit naming the subject, across headings, and the asked kind it holds.</summary>
public sealed class FollowOnFeaturesTests
{
    // A decision, then under the next heading the reason for it with no word of the question; a later section unrelated.
    private const string Text =
        "The mayor closed the old bridge to traffic on Monday.\n" +
        "Engineers had watched the deck for years.\n" +
        "The main reason was a crack found in a support beam.\n" +
        "The bridge carried 9000 cars a day.\n" +
        "A festival will be held in the park in June.\n";

    private static readonly RetrievedChunk Page = new(new DocumentId("abababababababab"), "Town news", "/news/bridge.md", null, 0, 0, Text.Length, Text, 1, 1, 1)
    {
        Blocks =
        [
            new TextBlock(0, 54, BlockKind.Paragraph, "Town news"),
            new TextBlock(54, 96, BlockKind.Paragraph, "Town news › Safety concerns led to the closure"),
            new TextBlock(96, 149, BlockKind.Paragraph, "Town news › Safety concerns led to the closure"),
            new TextBlock(149, 185, BlockKind.Paragraph, "Town news › Safety concerns led to the closure"),
            new TextBlock(185, Text.Length, BlockKind.Paragraph, "Town news › Events"),
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
    public void Features_WhyQuestion_ReasonUnderTheNextHeadingIsTheBestUnitAfterTheSubject()
    {
        var (features, value) = Featurize("Why did the mayor close the old bridge?", Page);
        var subject = IndexOf(features, "closed the old bridge");
        var reason = IndexOf(features, "main reason");

        Assert.Equal(0, value(subject, "doc_subject_offset"));
        Assert.Equal(2, value(reason, "doc_subject_offset"));
        Assert.Equal(1, value(reason, "doc_section_step"));
        Assert.Equal(1, value(reason, "best_after_subject"));
        Assert.Equal(0, value(subject, "best_after_subject"));
        Assert.Equal(1, value(reason, "heading_holds_kind"));
        Assert.True(value(reason, "kind_strength") > value(IndexOf(features, "Engineers had watched"), "kind_strength"));
        Assert.Equal(value(subject, "cov"), value(reason, "doc_subject_cov"));
    }

    [Fact]
    public void Features_UnitsTwoSectionsOnOrBefore_StepAndOffsetCountEitherWay()
    {
        var (features, value) = Featurize("Why did the mayor close the old bridge?", Page);

        Assert.Equal(2, value(IndexOf(features, "festival"), "doc_section_step"));
        Assert.Equal(0, value(IndexOf(features, "festival"), "best_after_subject"));
        Assert.Equal(-1, FollowOnContext.SectionSteps(["a", "b", "b", "c"], 2)[0]);
        Assert.Equal([-1, 0, 0, 1], FollowOnContext.SectionSteps(["a", "b", "b", "c"], 2));
    }

    [Fact]
    public void Features_HowManyQuestion_AHeadingOfReasonsHoldsNoAmount()
    {
        var (features, value) = Featurize("How many cars did the old bridge carry?", Page);

        Assert.Equal(0, value(IndexOf(features, "main reason"), "heading_holds_kind"));
        Assert.Equal(0, value(IndexOf(features, "main reason"), "best_after_subject"));
        Assert.Equal(0, value(IndexOf(features, "festival"), "best_after_subject"));
    }

    [Fact]
    public void Features_SentenceOpeningWithAPronounRightAfterTheSubject_RefersToSubject()
    {
        const string text = "Ana Ruiz and Tom Beck were freed on Friday.\nThey had been held at the Northgate prison.\n";
        var chunk = new RetrievedChunk(new DocumentId("cdcdcdcdcdcdcdcd"), "Releases", "/news/releases.txt", null, 0, 0, text.Length, text, 1, 1, 1);
        var (features, value) = Featurize("Where had Ana Ruiz been held?", chunk);

        Assert.Equal(1, value(IndexOf(features, "They had been held"), "refers_to_subject"));
        Assert.Equal(0, value(IndexOf(features, "were freed"), "refers_to_subject"));
    }

    [Fact]
    public void LastHeading_Path_GivesItsLastPart() =>
        Assert.Equal("Safety concerns", FollowOnContext.LastHeading("Town news › Safety concerns"));
}
