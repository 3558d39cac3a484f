using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Tests.Answering;

/// <summary>
/// The head quote carries the asked-for answer: selections are built by hand (units from hand-made documentation
/// chunks, the best one chosen, feature rows holding only what the rules read), so no model ranks anything.
/// </summary>
public sealed class AskedAnswerUnitsTests
{
    private static readonly AnswerOptions Defaults = new();

    /// <summary>The composer with the shipped model (only its quoting margins are read: nothing is ranked by it here).</summary>
    private static readonly ExtractiveAnswerComposer Composer = new(Options.Create(Defaults), new AnswerSelector(Options.Create(Defaults), null, null));

    private static (RetrievedChunk Chunk, List<SentenceCandidate> Units) Page(string heading, params (string Text, BlockKind Kind)[] blocks)
    {
        var text = string.Join("\n", blocks.Select(b => b.Text)) + "\n";
        var at = 0;
        var textBlocks = new List<TextBlock>();
        foreach (var (t, kind) in blocks)
        {
            textBlocks.Add(new TextBlock(at, at + t.Length, kind, "Guide › " + heading, kind == BlockKind.Code ? "sh" : null));
            at += t.Length + 1;
        }

        var chunk = new RetrievedChunk(new DocumentId("a1a1a1a1a1a1a1a1"), "Guide", "/docs/guide.md", null, 0, 0, text.Length, text, 1, 1, 1) { Blocks = textBlocks };
        return (chunk, [.. SentenceCandidates.From([chunk]).Where(u => u.Quotable).OrderBy(u => u.Start)]);
    }

    /// <summary>A selection whose best unit is <paramref name="best"/>, every other unit far below it (no margin brings one in).</summary>
    private static AnswerSelection Select(string question, IReadOnlyList<SentenceCandidate> units, SentenceCandidate best, AskedKind asked, params SentenceCandidate[] statesDefault)
    {
        float[] Row(SentenceCandidate u)
        {
            var row = new float[AnswerFeatures.CandidateNames.Count];
            row[AnswerFeatures.CandidateNames.ToList().IndexOf("asked_kind")] = (int)asked;
            row[AnswerFeatures.CandidateNames.ToList().IndexOf("default_value")] = statesDefault.Contains(u) ? 1 : 0;
            return row;
        }

        var ranked = units.Select(u => new RankedSentence(u, u == best ? 5f : -5f, Row(u))).OrderByDescending(r => r.Score).ToList();
        return new AnswerSelection(QuestionAnalyzer.Analyze(question), ranked, 0.9, null);
    }

    [Fact]
    public void After_HowDoIBestIsAWarningAndTheNextUnitIntroducesTheCommand_AddsTheLeadInWithItsCode()
    {
        var (_, units) = Page(
            "Keeping it running",
            ("Keep in mind that you will need to start it again when its terminal session ends.", BlockKind.Paragraph),
            ("After you install the process manager, start your bot from its folder with the following:", BlockKind.Paragraph),
            ("pm2 start bot.js", BlockKind.Code));
        var best = units[0];
        var selection = Select("how do i keep the bot running when i close my terminal", units, best, AskedKind.Command);

        var added = AskedAnswerUnits.After(selection, selection.Ranked[0]).Units;

        var unit = Assert.Single(added);
        Assert.Contains("pm2 start bot.js", unit.Text, StringComparison.Ordinal);
        Assert.True(unit.CodeStart > 0);
    }

    [Fact]
    public void Compose_HowDoIWithLeadInAndCode_OneCitationSlicingWarningLeadInAndCode()
    {
        var (chunk, units) = Page(
            "Keeping it running",
            ("Keep in mind that you will need to start it again when its terminal session ends.", BlockKind.Paragraph),
            ("After you install the process manager, start your bot from its folder with the following:", BlockKind.Paragraph),
            ("pm2 start bot.js", BlockKind.Code));
        var selection = Select("how do i keep the bot running when i close my terminal", units, units[0], AskedKind.Command);

        var answer = Composer.Compose(selection.Question.Question, selection);

        var head = answer.Citations[0];
        Assert.StartsWith("Keep in mind", head.Quote, StringComparison.Ordinal);
        Assert.EndsWith("pm2 start bot.js", head.Quote, StringComparison.Ordinal);
        Assert.Contains(head.Quote, chunk.Text, StringComparison.Ordinal);
        Assert.Equal(BlockKind.Code, head.Kind);
        Assert.StartsWith("pm2 start", head.Quote[head.CodeStart..].TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void After_TroubleshootingBestRestatesTheSymptom_AddsTheStepThatFixesIt()
    {
        var (_, units) = Page(
            "Install errors",
            ("The install stops with an ELIFECYCLE code when a dependency failed to build.", BlockKind.Paragraph),
            ("Cleaning the package cache and deleting the modules folder can usually help.", BlockKind.Paragraph),
            ("Clean the cache with npm cache clean --force", BlockKind.ListItem));
        var selection = Select("npm ERR! code ELIFECYCLE when starting, what do", units, units[0], AskedKind.None);

        var added = AskedAnswerUnits.After(selection, selection.Ranked[0]).Units;

        Assert.Equal(2, added.Count);
        Assert.StartsWith("Clean the cache", added[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void After_WhyBestStatesTheEffect_AddsTheSentenceThatGivesTheCause()
    {
        var (_, units) = Page(
            "Encryption key",
            ("If you change the encryption key, every signed-in user is logged out of the application.", BlockKind.Paragraph),
            ("This is because every cookie, session cookies included, is encrypted with that key.", BlockKind.Paragraph));
        var selection = Select("why did all my users get logged out after i changed the key", units, units[0], AskedKind.Reason);

        var added = AskedAnswerUnits.After(selection, selection.Ranked[0]).Units;

        Assert.StartsWith("This is because", Assert.Single(added).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void After_DefaultOfBestIsTheOptionsNameLine_AddsTheLinesUpToItsDefault()
    {
        var (_, units) = Page(
            "--cache-encoding",
            ("Config: cache_encoding", BlockKind.ListItem),
            ("Type: string", BlockKind.ListItem),
            ("Default: \"base32\"", BlockKind.ListItem));
        var selection = Select("cache_encoding default?", units, units[0], AskedKind.Default, units[2]);

        var added = AskedAnswerUnits.After(selection, selection.Ranked[0]).Units;

        Assert.Equal(["Type: string", "Default: \"base32\""], added.Select(u => u.Text));
    }

    [Fact]
    public void After_BestAlreadyGivesTheCommand_AddsNothing()
    {
        var (_, units) = Page(
            "Logs",
            ("To follow only errors, pass the level option:", BlockKind.Paragraph),
            ("pail --level=error", BlockKind.Code),
            ("The message option filters on the log message instead.", BlockKind.Paragraph));
        var best = Assert.Single(units, u => u.Text.StartsWith("To follow", StringComparison.Ordinal));
        var selection = Select("how do i watch the logs live but only errors", units, best, AskedKind.Command);

        Assert.Empty(AskedAnswerUnits.After(selection, selection.Ranked[0]).Units);
    }

    [Fact]
    public void After_AnsweringUnitIsFurtherThanReach_AddsNothing()
    {
        var (_, units) = Page(
            "Install errors",
            ("The install stops with an ELIFECYCLE code when a dependency failed to build.", BlockKind.Paragraph),
            ("The log names the package that failed in its last lines.", BlockKind.Paragraph),
            ("The exit code is printed next to the package name.", BlockKind.Paragraph),
            ("The stage that failed is printed next to the exit code.", BlockKind.Paragraph),
            ("Clean the cache with npm cache clean --force", BlockKind.ListItem));
        var selection = Select("npm ERR! code ELIFECYCLE when starting, what do", units, units[0], AskedKind.None);

        Assert.Empty(AskedAnswerUnits.After(selection, selection.Ranked[0]).Units);
    }
}
