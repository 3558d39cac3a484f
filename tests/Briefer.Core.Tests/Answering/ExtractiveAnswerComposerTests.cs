using System.Text.RegularExpressions;
using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Briefer.Core.Tests.Embeddings;

namespace Briefer.Core.Tests.Answering;

[Collection(ArcticModelCollection.Name)]
public sealed partial class ExtractiveAnswerComposerTests(ArcticModelFixture fixture)
{
    private ExtractiveAnswerComposer Composer => fixture.Composer;

    /// <summary>
    /// For the tests of composition mechanics (markers, quotes, overlap) on the two hand-built chunks below: a composer
    /// with the shipped model at its own threshold. (The model of main before issue 18's abstention work scored their
    /// obvious answer just under its threshold, 0.205 against 0.213, and these tests ran at threshold 0; the model
    /// retrained with the key-term rule counted answers them at its threshold, 0.171.)
    /// </summary>
    private ExtractiveAnswerComposer MechanicsComposer { get; } = new(
        Microsoft.Extensions.Options.Options.Create(new AnswerOptions()),
        new AnswerSelector(Microsoft.Extensions.Options.Options.Create(new AnswerOptions()), fixture.Semantics));

    private static RetrievedChunk Chunk(string docId, string title, string text, double dense, DateOnly? published = null, int start = 0) =>
        new(new DocumentId(docId), title, "/docs/" + title + ".txt", published, 0, start, start + text.Length, text, 0.03, 5.0, dense);

    private static readonly RetrievedChunk Bridge = Chunk(
        "aaaaaaaaaaaaaaaa",
        "Harbour bridge reopens",
        "Harbour bridge reopens\nThe harbour bridge reopened on Monday after six months of repairs. Engineers replaced 40 steel cables. The repairs cost 12 million euros, paid by the city.",
        0.62);

    private static readonly RetrievedChunk Weather = Chunk(
        "bbbbbbbbbbbbbbbb",
        "Storm warning",
        "Forecasters issued a storm warning for the coast on Tuesday. Winds may reach 90 km/h near the harbour.",
        0.35);

    [Fact]
    public async Task ComposeAnswerAsync_RelevantEvidence_EveryMarkerResolvesToACitation()
    {
        var answer = await MechanicsComposer.ComposeAnswerAsync("How much did the bridge repairs cost?", [Bridge, Weather], CancellationToken.None);

        Assert.False(answer.Abstained);
        var markers = Marker().Matches(answer.Text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(markers);
        Assert.All(markers, n => Assert.Contains(answer.Citations, c => c.N == n));
        Assert.All(answer.Citations, c => Assert.Contains(c.N, markers));
        Assert.Equal(Enumerable.Range(1, answer.Citations.Count), answer.Citations.Select(c => c.N));
    }

    [Fact]
    public async Task ComposeAnswerAsync_RelevantEvidence_QuotesOnlyTextOfTheRetrievedChunks()
    {
        var answer = await MechanicsComposer.ComposeAnswerAsync("How much did the bridge repairs cost?", [Bridge, Weather], CancellationToken.None);

        Assert.All(answer.Citations, c =>
        {
            var chunk = Assert.Single(new[] { Bridge, Weather }, x => x.DocumentId == c.DocumentId);
            Assert.Contains(c.Quote, chunk.Text, StringComparison.Ordinal);
            Assert.Equal(chunk.Title, c.Title);
            Assert.Equal(chunk.Source, c.Source);
        });
        Assert.Contains("12 million euros", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAnswerAsync_TitleLine_IsNeverQuoted()
    {
        var answer = await Composer.ComposeAnswerAsync("Harbour bridge reopens", [Bridge], CancellationToken.None);

        Assert.DoesNotContain(answer.Citations, c => c.Quote == "Harbour bridge reopens");
    }

    [Fact]
    public async Task ComposeAnswerAsync_NoEvidence_AbstainsAndCitesNothing()
    {
        var answer = await Composer.ComposeAnswerAsync("How much did the bridge repairs cost?", [], CancellationToken.None);

        Assert.True(answer.Abstained);
        Assert.Empty(answer.Citations);
        Assert.Equal(ExtractiveAnswerComposer.AbstainText, answer.Text);
    }

    [Fact]
    public async Task ComposeAnswerAsync_EvidenceSharesNoTermAndIsFarInMeaning_Abstains()
    {
        var unrelated = Weather with { DenseScore = 0.21 };

        var answer = await Composer.ComposeAnswerAsync("Which team won the chess olympiad?", [unrelated], CancellationToken.None);

        Assert.True(answer.Abstained);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task ComposeAnswerAsync_BestSentenceRestatesTheQuestion_QuotesTheNeighbourThatGivesTheReason()
    {
        var museum = Chunk(
            "cdcdcdcdcdcdcdcd",
            "Museum wing closes",
            "The city museum closed its east wing to visitors on Friday. The closure was due to a burst water pipe above the gallery. Staff moved forty paintings to storage.",
            0.6);

        var answer = await Composer.ComposeAnswerAsync("Why did the city museum close its east wing?", [museum], CancellationToken.None);

        Assert.False(answer.Abstained);
        Assert.Contains("burst water pipe", answer.Citations[0].Quote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAnswerAsync_QuestionNamesWhatNoSourceMentions_AbstainsAndSaysWhich()
    {
        var answer = await Composer.ComposeAnswerAsync("How much did the tunnel repairs in Oslo cost?", [Bridge, Weather], CancellationToken.None);

        Assert.True(answer.Abstained, answer.Text);
        Assert.Empty(answer.Citations);
        Assert.Contains("Oslo", answer.AbstainReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAnswerAsync_OverlappingChunksRepeatASentence_QuotesItOnce()
    {
        var first = Bridge;
        var overlap = Chunk("aaaaaaaaaaaaaaaa", "Harbour bridge reopens", "The repairs cost 12 million euros, paid by the city.", 0.6, start: Bridge.Text.IndexOf("The repairs", StringComparison.Ordinal));

        var answer = await MechanicsComposer.ComposeAnswerAsync("How much did the bridge repairs cost?", [first, overlap], CancellationToken.None);

        Assert.Single(answer.Citations, c => c.Quote.Contains("12 million", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ComposeBriefAsync_DatedDocuments_NewestInformationFirst()
    {
        var older = Chunk("cccccccccccccccc", "Bridge closes", "The harbour bridge closed for repairs in March after inspectors found corroded cables.", 0.55, new DateOnly(2025, 3, 1));
        var newer = Chunk("dddddddddddddddd", "Bridge reopens", "The harbour bridge reopened in September with new steel cables and a wider footpath.", 0.55, new DateOnly(2025, 9, 1));

        var brief = await Composer.ComposeBriefAsync("harbour bridge repairs", [older, newer], CancellationToken.None);

        Assert.False(brief.Abstained);
        Assert.Equal(2, brief.Bullets.Count);
        Assert.Contains("reopened", brief.Bullets[0].Text, StringComparison.Ordinal);
        Assert.All(brief.Bullets, b => Assert.All(b.Citations, n => Assert.Contains(brief.Citations, c => c.N == n)));
    }

    [Fact]
    public async Task ComposeBriefAsync_NearDuplicateSentences_KeepsOne()
    {
        var a = Chunk("eeeeeeeeeeeeeeee", "Report A", "The harbour bridge reopened on Monday after six months of repairs.", 0.6);
        var b = Chunk("ffffffffffffffff", "Report B", "The harbour bridge reopened on Monday after six months of repairs, officials said.", 0.6);

        var brief = await Composer.ComposeBriefAsync("harbour bridge reopened", [a, b], CancellationToken.None);

        Assert.Single(brief.Bullets);
    }

    [Fact]
    public async Task ComposeBriefAsync_ManyRelevantSentences_AtMostSevenBullets()
    {
        var sentences = string.Join(' ', new[]
        {
            "Harbour bridge inspectors found corrosion on twelve suspension cables.",
            "The bridge inspection also revealed cracked concrete under the eastern ramp.",
            "Cable replacement on the harbour bridge will take four months.",
            "Divers inspected the bridge foundations and reported scour around two piers.",
            "The harbour bridge paint system failed its inspection after thirty years.",
            "Bridge inspectors recommended weight limits for trucks until the cables are replaced.",
            "An inspection drone mapped rust on every harbour bridge pylon.",
            "The city published the full bridge inspection report on its website.",
            "Engineers said the harbour bridge bearings passed inspection.",
            "Night inspections of the bridge lighting found forty broken lamps.",
        });
        var chunk = Chunk("abababababababab", "Bridge inspections", sentences, 0.6);

        var brief = await Composer.ComposeBriefAsync("harbour bridge cable inspection", [chunk], CancellationToken.None);

        Assert.InRange(brief.Bullets.Count, 3, 7);
    }

    [Fact]
    public async Task ComposeBriefAsync_SentenceMentionsOnlyPartOfTheTopic_IsLeftOut()
    {
        var onTopic = Chunk("a1a1a1a1a1a1a1a1", "Prisoners freed", "Authorities released 114 political prisoners in Caracas on Saturday. Families waited outside the prison for news of the release.", 0.6);
        var aside = Chunk("b2b2b2b2b2b2b2b2", "Oil markets", "Venezuela holds the largest proven oil reserves in the world.", 0.5, new DateOnly(2026, 1, 12));

        var brief = await Composer.ComposeBriefAsync("Venezuela political prisoner release", [onTopic, aside], CancellationToken.None);

        Assert.DoesNotContain(brief.Bullets, b => b.Text.Contains("oil reserves", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("She said the release of the prisoners was only a first step.")]
    [InlineData("The group said the release of the prisoners was only a first step.")]
    public async Task ComposeBriefAsync_SentenceLostItsSubject_IsLeftOut(string sentence)
    {
        var chunk = Chunk("c3c3c3c3c3c3c3c3", "Prisoners freed", "Authorities announced the release of 114 political prisoners on Saturday. " + sentence, 0.6);

        var brief = await Composer.ComposeBriefAsync("prisoner release", [chunk], CancellationToken.None);

        Assert.DoesNotContain(brief.Bullets, b => b.Text == sentence);
        Assert.Contains(brief.Bullets, b => b.Text.StartsWith("Authorities announced", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Marker();
}
