using Briefer.Answers;
using Briefer.Bot;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Briefer.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Tests.Bot;

/// <summary>
/// The CLI and the bot answer through the one core path (<see cref="Core.IBriefingService"/>): the same question in
/// the same scope gets the same answer, stale marks and empty-scope reason, whichever front end asks.
/// </summary>
public sealed class SameAnswerTests : IAsyncLifetime
{
    private const string Question = "How much will the Harbour Bridge repairs cost?";
    private static readonly ScopeId Scope = ScopeId.ForGuild(BotHarness.GuildA);
    private static readonly ScopeId EmptyScope = ScopeId.ForGuild(BotHarness.GuildB);

    private readonly CliRunner _cli = new();
    private readonly string _work = Path.Combine(Path.GetTempPath(), "briefer-same-answer-" + Guid.NewGuid().ToString("N"));
    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        var path = Path.Combine(_work, "harbour.txt");
        await File.WriteAllTextAsync(path, "Harbour Bridge repairs\nThe city council approved repairs to the Harbour Bridge in March 2026. "
            + "The repairs will cost 12 million euros and close the bridge to cars for six weeks.\n");
        Assert.Equal(0, (await _cli.RunAsync("ingest", path, "--scope", Scope.Value)).ExitCode);
        _bot = await BotHarness.StartAsync(realCoreDataDirectory: _cli.DataDirectory);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        _cli.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Ask_SameQuestionAndScope_CliAndDiscordGiveTheSameAnswerWithTheSameStaleMarks()
    {
        var store = _bot.Host.Services.GetRequiredService<IDocumentStore>();
        var document = Assert.Single(await store.ListDocumentsAsync(Scope, default));
        await store.UpdateSourceStateAsync(Scope, document.Id, new SourceState(null, null, _bot.Time.GetUtcNow()), default);

        var cli = (await _cli.RunAsync("ask", Question, "--scope", Scope.Value, "--json")).Json();
        var discord = await _bot.EditAsync(await _bot.SlashAsync(8201, BotHarness.GuildA, "ask", BotHarness.Option("question", Question)));
        var recorded = await RecordedAnswerAsync(discord, Scope);

        Assert.False(cli.GetProperty("abstained").GetBoolean());
        Assert.Equal(cli.GetProperty("answer").GetString(), recorded.Text);
        Assert.Equal(
            cli.GetProperty("citations").EnumerateArray().Select(c => (c.GetProperty("n").GetInt32(), c.GetProperty("documentId").GetString(), c.GetProperty("quote").GetString(), c.GetProperty("stale").GetBoolean())),
            recorded.Citations.Select(c => (c.N, (string?)c.DocumentId.Value, (string?)c.Quote, c.Stale)));
        Assert.All(recorded.Citations, c => Assert.True(c.Stale));
        Assert.Contains("[stale: the page is gone]", discord.Json!["embeds"]![0]!["fields"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Ask_EmptyScope_CliAndDiscordBothSayNoDocumentsAreLoaded()
    {
        var cli = (await _cli.RunAsync("ask", Question, "--scope", EmptyScope.Value, "--json")).Json();
        var discord = await _bot.EditAsync(await _bot.SlashAsync(8202, BotHarness.GuildB, "ask", BotHarness.Option("question", Question)));
        var recorded = await RecordedAnswerAsync(discord, EmptyScope);

        Assert.True(cli.GetProperty("abstained").GetBoolean());
        Assert.Equal($"no documents are loaded in scope '{EmptyScope}'", cli.GetProperty("abstainReason").GetString());
        Assert.True(recorded.Abstained);
        Assert.Equal(cli.GetProperty("answer").GetString(), recorded.Text);
        Assert.Equal(AnswerRenderer.NothingLoaded, discord.Json!["embeds"]![0]!["footer"]!["text"]!.GetValue<string>());
    }

    /// <summary>The answer the bot recorded for its reply (found by the answer id its Follow up button carries).</summary>
    private async Task<Core.Answering.Answer> RecordedAnswerAsync(Discord.Tests.Fakes.RecordedRequest reply, ScopeId scope)
    {
        var followUp = BotHarness.CustomIdsOf(reply).Single(id => id.StartsWith("fu:", StringComparison.Ordinal));
        var entry = await _bot.Host.Services.GetRequiredService<IConversationStore>().GetAnswerAsync(scope, new AnswerId(followUp[3..]), default);
        return Assert.IsType<AnswerEntry>(entry).Answer;
    }
}
