using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Embeddings;
using Briefer.Core.Retrieval;
using Xunit.Abstractions;

namespace Briefer.Core.Tests.Embeddings;

/// <summary>Several texts in one padded model run against one run each: the shortlisted sentences' states.</summary>
[Collection(ArcticModelCollection.Name)]
public sealed class BatchedTokenStatesTests(ArcticModelFixture fixture, ITestOutputHelper output)
{
    // Lengths from 6 to ~90 tokens, so most rows of the batch are padded.
    private static readonly string[] Sentences =
    [
        "Latency fell sharply.",
        "The council voted on Tuesday to approve the Harbour Street bike lanes.",
        "They will cost 4.2 million euros, of which the regional government pays half and the city the rest, over the next three budget years.",
        "Construction is not expected to begin before the spring, because the contractor must first move the water mains under the eastern pavement, reroute two bus lines around the works and rebuild the junction at Quay Road, which the transport department says will take at least four months of night work.",
        "Why?",
    ];

    private const float Tolerance = 1e-4f;

    [Fact]
    public async Task EncodeTokensAsync_SeveralTexts_EachEqualsItsOwnRunWithinTolerance()
    {
        var batched = await fixture.Generator.EncodeTokensAsync(Sentences);

        var maxDifference = 0f;
        for (var i = 0; i < Sentences.Length; i++)
        {
            var single = await fixture.Generator.EncodeTokensAsync(Sentences[i]);
            Assert.Equal(single.Ids, batched[i].Ids);
            Assert.Equal(single.States.Length, batched[i].States.Length);
            maxDifference = Math.Max(maxDifference, MaxDifference(single.States, batched[i].States));
        }

        output.WriteLine($"max |batched - single| over every token state: {maxDifference:E2}");
        Assert.InRange(maxDifference, 0f, Tolerance);
    }

    [Fact]
    public async Task EncodeTokensAsync_SimilarLengths_OneModelRun()
    {
        string[] texts = ["Latency fell sharply.", "Costs rose slowly.", "The vote was close.", "Work starts soon."];
        var before = fixture.Generator.ModelRuns;

        var batched = await fixture.Generator.EncodeTokensAsync(texts);

        Assert.Equal(texts.Length, batched.Count);
        Assert.Equal(1, fixture.Generator.ModelRuns - before);
    }

    [Fact]
    public async Task EncodeTokensAsync_MixedLengths_RunsAsPlanned()
    {
        var plan = ArcticEmbeddingGenerator.PlanBatches([.. Sentences.Select(s => fixture.Tokenizer.Encode(s).Length)]);
        var before = fixture.Generator.ModelRuns;

        await fixture.Generator.EncodeTokensAsync(Sentences);

        Assert.InRange(plan.Count, 2, Sentences.Length - 1);
        Assert.Equal(plan.Count, fixture.Generator.ModelRuns - before);
    }

    [Fact]
    public void PlanBatches_EqualLengths_OneRun()
    {
        var plan = ArcticEmbeddingGenerator.PlanBatches([30, 30, 30, 30, 30]);

        Assert.Equal([0, 1, 2, 3, 4], Assert.Single(plan));
    }

    [Fact]
    public void PlanBatches_OneLongAmongShort_LongRunsAlone()
    {
        var plan = ArcticEmbeddingGenerator.PlanBatches([12, 200, 10, 14]);

        Assert.Equal([[2, 0, 3], [1]], plan);
    }

    [Fact]
    public void PlanBatches_Lengths_EveryInputOnceAndEachRunSortedByLength()
    {
        int[] lengths = [40, 7, 90, 7, 33, 61, 12, 25];

        var plan = ArcticEmbeddingGenerator.PlanBatches(lengths);

        Assert.Equal(Enumerable.Range(0, lengths.Length), plan.SelectMany(b => b).Order());
        Assert.Equal(plan.SelectMany(b => b).Select(i => lengths[i]), lengths.Order());
    }

    [Fact]
    public async Task Features_FromBatchedStates_EqualFeaturesFromOneRunEachWithinTolerance()
    {
        var queries = new QueryEncodings(fixture.Generator);
        var question = await TokenAlignment.EncodeQuestionAsync(queries, fixture.Tokenizer, QuestionAnalyzer.Analyze("When will construction of the Harbour Street bike lanes begin?"), CancellationToken.None);
        var batched = await fixture.Generator.EncodeTokensAsync(Sentences);

        var maxDifference = 0f;
        for (var i = 0; i < Sentences.Length; i++)
        {
            var single = TokenAlignment.Features(question, await fixture.Generator.EncodeTokensAsync(Sentences[i]));
            maxDifference = Math.Max(maxDifference, MaxDifference(single, TokenAlignment.Features(question, batched[i])));
        }

        output.WriteLine($"max |batched - single| over the alignment features: {maxDifference:E2}");
        Assert.InRange(maxDifference, 0f, Tolerance);
    }

    [Fact]
    public async Task PrepareAsync_UncachedShortlist_FewerModelRunsThanSentencesAndNoneWhenCached()
    {
        var queries = new QueryEncodings(fixture.Generator);
        var semantics = new SentenceSemantics(fixture.Generator, fixture.Tokenizer, queries: queries);
        var text = string.Join(" ", Sentences[1..4]);
        var chunk = new RetrievedChunk(new DocumentId("cccccccccccccccc"), "Bike lanes", "/docs/c.txt", null, 0, 0, text.Length, text, 1, 1, 1);
        var candidates = SentenceCandidates.From([chunk]);
        var question = QuestionAnalyzer.Analyze("How much will the bike lanes cost?");
        await queries.EncodeAsync(question.Question, CancellationToken.None);
        var before = fixture.Generator.ModelRuns;

        var features = await semantics.PrepareAsync(question, candidates, c => c.Terms.Count, CancellationToken.None);
        var runs = fixture.Generator.ModelRuns - before;
        var again = await semantics.PrepareAsync(question, candidates, c => c.Terms.Count, CancellationToken.None);

        var plan = ArcticEmbeddingGenerator.PlanBatches([.. candidates.Select(c => fixture.Tokenizer.Encode(c.Text).Length)]);
        Assert.True(candidates.Count >= 3);
        Assert.InRange(runs, 1, candidates.Count - 1);
        Assert.Equal(plan.Count, runs);
        Assert.Equal(runs, fixture.Generator.ModelRuns - before);
        Assert.All(candidates, c => Assert.Equal(features(c), again(c)));
        Assert.All(candidates, c => Assert.Equal(1, features(c)[^1]));
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
