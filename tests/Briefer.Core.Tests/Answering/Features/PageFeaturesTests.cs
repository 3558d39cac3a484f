using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Core.Tests.Answering.Features;

/// <summary>The page features: a unit's page (retrieved chunks, best rank, coverage, title) and the unit against the question's other candidates.</summary>
public sealed class PageFeaturesTests
{
    private const string Eviction = "Eviction removes keys when memory is full.\nThe default policy is noeviction.\n";
    private const string EvictionMore = "Set maxmemory-policy to allkeys-lru to evict any key.\n";
    private const string Replication = "Replicas copy the primary's keys when memory allows.\n";

    private static readonly DocumentId EvictionPage = new("aaaaaaaaaaaaaaaa");

    private static RetrievedChunk Chunk(DocumentId id, string title, int index, string text, string heading) =>
        new(id, title, $"/docs/{title}.md", null, index, index * 1000, (index * 1000) + text.Length, text, 1, 1, 1)
        {
            Blocks = [new TextBlock(index * 1000, (index * 1000) + text.Length, BlockKind.Paragraph, heading)],
        };

    private static readonly RetrievedChunk[] Chunks =
    [
        Chunk(new DocumentId("bbbbbbbbbbbbbbbb"), "Replication", 0, Replication, "Replication › Keys"),
        Chunk(EvictionPage, "Eviction", 0, Eviction, "Eviction › Policies"),
        Chunk(EvictionPage, "Eviction", 1, EvictionMore, "Eviction › Policies"),
    ];

    private static (AnswerFeatures Features, Func<int, string, float> Value) Featurize(string question, IReadOnlyList<RetrievedChunk> chunks, Func<SentenceCandidate, float[]>? semantic = null)
    {
        var features = AnswerFeatures.Build(QuestionAnalyzer.Analyze(question), SentenceCandidates.From(chunks), semantic);
        var names = AnswerFeatures.CandidateNames.ToList();
        return (features, (i, name) => features.Candidate(i)[names.IndexOf(name)]);
    }

    private static int IndexOf(AnswerFeatures features, string text) =>
        features.Candidates.Select((c, i) => (c, i)).First(x => x.c.Text.Contains(text, StringComparison.Ordinal)).i;

    [Fact]
    public void Features_PageWithTwoChunks_CountsThemAndItsBestRank()
    {
        var (features, value) = Featurize("what is the default eviction policy?", Chunks);
        var policy = IndexOf(features, "default policy");
        var replicas = IndexOf(features, "Replicas copy");

        Assert.Equal(2, value(policy, "page_chunks"));
        Assert.Equal(1, value(policy, "page_best_rank"));
        Assert.Equal(1, value(replicas, "page_chunks"));
        Assert.Equal(0, value(replicas, "page_best_rank"));
    }

    [Fact]
    public void Features_PageAndTitleNamingTheSubject_CoverBestAndOthersTrail()
    {
        var (features, value) = Featurize("what is the default eviction policy?", Chunks);
        var policy = IndexOf(features, "default policy");
        var replicas = IndexOf(features, "Replicas copy");

        Assert.Equal(0, value(policy, "page_cov_gap"));
        Assert.Equal(0, value(policy, "page_title_gap"));
        Assert.True(value(policy, "page_title_cov") > 0);
        Assert.Equal(0, value(replicas, "page_title_cov"));
        Assert.True(value(replicas, "page_cov_gap") < 0);
        Assert.True(value(replicas, "page_title_gap") < 0);
        Assert.True(value(policy, "page_cov") > value(replicas, "page_cov"));
    }

    [Fact]
    public void Features_HeadingGap_IsZeroUnderTheBestHeadingAndNegativeElsewhere()
    {
        var (features, value) = Featurize("which eviction policies are there?", Chunks);

        Assert.Equal(0, value(IndexOf(features, "allkeys-lru"), "heading_gap"));
        Assert.True(value(IndexOf(features, "Replicas copy"), "heading_gap") < 0);
    }

    [Fact]
    public void Features_SemanticGap_MeasuresAgainstTheBestScoredCandidateAndIsMinusOneWithout()
    {
        var width = SentenceSemantics.Names.Count;
        var cos = SentenceSemantics.Names.ToList().IndexOf("sent_cos");
        float[] Scored(float value)
        {
            var row = new float[width];
            row[cos] = value;
            row[^1] = 1;
            return row;
        }

        var (features, value) = Featurize("what is the default eviction policy?", Chunks, c =>
            c.Text.Contains("default policy", StringComparison.Ordinal) ? Scored(0.8f)
            : c.Text.Contains("Replicas", StringComparison.Ordinal) ? Scored(0.5f)
            : new float[width]);

        Assert.Equal(0, value(IndexOf(features, "default policy"), "sent_cos_gap"), 3);
        Assert.Equal(-0.3f, value(IndexOf(features, "Replicas copy"), "sent_cos_gap"), 3);
        Assert.Equal(-1, value(IndexOf(features, "allkeys-lru"), "sent_cos_gap"));
    }
}
