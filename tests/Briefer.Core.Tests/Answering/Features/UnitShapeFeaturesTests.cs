using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering.Features;

/// <summary>The unit-shape features: a default with its value, the question's identifiers in the unit, an echo of the question, a definition.</summary>
public sealed class UnitShapeFeaturesTests
{
    private static (AnswerFeatures Features, Func<int, string, float> Value) Featurize(string question, string text)
    {
        var chunk = new RetrievedChunk(new DocumentId("cccccccccccccccc"), "Guide", "/docs/guide.md", null, 0, 0, text.Length, text, 1, 1, 1);
        var features = AnswerFeatures.Build(QuestionAnalyzer.Analyze(question), [chunk]);
        var names = AnswerFeatures.CandidateNames.ToList();
        return (features, (i, name) => features.Candidate(i)[names.IndexOf(name)]);
    }

    private static int IndexOf(AnswerFeatures features, string text) =>
        features.Candidates.Select((c, i) => (c, i)).First(x => x.c.Text.Contains(text, StringComparison.Ordinal)).i;

    [Theory]
    [InlineData("The default is to run 8 checkers in parallel.")]
    [InlineData("Default: \"base32\"")]
    [InlineData("-c clients : Number of parallel connections (default 50).")]
    [InlineData("The interval in seconds, the default value is 0 (disabled).")]
    [InlineData("Timeouts are 30s by default.")]
    [InlineData("[ scrape_interval: <duration> | default = 1m ]")]
    public void StatesDefaultValue_DefaultWithItsValue_Holds(string text) =>
        Assert.True(UnitShapeFeatures.StatesDefaultValue(text));

    [Theory]
    [InlineData("Note: checkers do the equality checking of files during a sync.")]
    [InlineData("The default behaviour can be changed in the config file.")]
    [InlineData("You can override the defaults here.")]
    public void StatesDefaultValue_NoValue_DoesNotHold(string text) =>
        Assert.False(UnitShapeFeatures.StatesDefaultValue(text));

    [Fact]
    public void Features_OwnLineOfTheAskedIdentifier_WritesItWhileItsNeighbourDoesNot()
    {
        const string text = "How long until a scrape request times out: scrape_timeout defaults to 10s.\nHow often to scrape targets: scrape_interval defaults to 1m.\n";
        var (features, value) = Featurize("whats the default scrape_interval?", text);

        Assert.Equal(1, value(IndexOf(features, "scrape_interval"), "ident_in_unit"));
        Assert.Equal(0, value(IndexOf(features, "scrape_timeout"), "ident_in_unit"));
        Assert.Equal(1, value(IndexOf(features, "scrape_interval"), "default_value"));
    }

    [Fact]
    public void Features_PastedErrorRestated_EchoesTheQuestionMoreThanItsFix()
    {
        const string text = "Error: bind failed, access forbidden on port 53682.\nThis is caused by the Host Network Service holding the port; restart it.\n";
        var (features, value) = Featurize("bind failed, access forbidden on port 53682", text);

        Assert.True(value(IndexOf(features, "Error: bind"), "echo") > value(IndexOf(features, "Host Network"), "echo"));
        Assert.Equal(-1, value(IndexOf(features, "Error: bind"), "ident_in_unit"));
    }

    [Fact]
    public void Features_TermThenColonOrIs_DefinesTheTerm()
    {
        const string text = "Use the eviction policy when memory is tight and keys are popular.\nallkeys-lru: Keeps most recently used keys; removes least recently used keys.\n";
        var (features, value) = Featurize("what does the allkeys-lru policy do", text);

        Assert.Equal(1, value(IndexOf(features, "Keeps most"), "defines_term"));
        Assert.Equal(0, value(IndexOf(features, "Use the eviction"), "defines_term"));
    }
}
