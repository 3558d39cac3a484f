using System.Text;

namespace Briefer.Tests.Bot;

/// <summary>The bot on the real knowledge core (extraction, ONNX embeddings, SQLite in a temp folder).</summary>
public sealed class RealCoreScenarioTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-bot-tests-" + Guid.NewGuid().ToString("N"));
    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync(realCoreDataDirectory: _dataDirectory);

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task IngestInGuildA_AskInBothGuilds_OnlyGuildACites()
    {
        const string document = "# Harbour Bridge repairs\n\nThe city council approved repairs to the Harbour Bridge in March 2026. "
            + "The repairs will cost 12 million euros and close the bridge to cars for six weeks. "
            + "Cyclists and pedestrians can still cross during the works.\n";
        _bot.Server.Files["harbour.md"] = Encoding.UTF8.GetBytes(document);
        var resolved = new System.Text.Json.Nodes.JsonObject
        {
            ["attachments"] = new System.Text.Json.Nodes.JsonObject
            {
                ["9500"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "9500", ["filename"] = "harbour.md", ["size"] = document.Length, ["url"] = _bot.Server.AttachmentUrl("harbour.md") },
            },
        };

        var ingest = await _bot.SlashAsync(8001, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9500", 11), admin: true, resolved: resolved);
        var ingested = (await _bot.EditAsync(ingest)).Json!["content"]!.GetValue<string>();
        var inB = (await _bot.EditAsync(await _bot.SlashAsync(8002, BotHarness.GuildB, "ask", BotHarness.Option("question", "How much will the Harbour Bridge repairs cost?"), user: 601))).Json!;
        var inA = (await _bot.EditAsync(await _bot.SlashAsync(8003, BotHarness.GuildA, "ask", BotHarness.Option("question", "How much will the Harbour Bridge repairs cost?"), user: 602))).Json!;
        var sourcesB = (await _bot.EditAsync(await _bot.SlashAsync(8004, BotHarness.GuildB, "sources", user: 603))).Json!;

        Assert.StartsWith("Loaded **Harbour Bridge repairs**", ingested, StringComparison.Ordinal);
        Assert.DoesNotContain("12 million", inB.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("12 million", inA["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("[1] Harbour Bridge repairs — harbour.md", inA["embeds"]![0]!["fields"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("No documents", sourcesB["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task ThreadConversation_SecondQuestionOnlyMakesSenseAfterTheFirst_AnsweredFromTheFirstsSubject()
    {
        var scope = Core.Documents.ScopeId.ForGuild(BotHarness.GuildA);
        await _bot.Briefing.IngestAsync(scope, new Core.Ingestion.DocumentSource("attachment:bridge.md", "bridge.md", Encoding.UTF8.GetBytes(
            "# Harbour Bridge repairs\n\nThe city council approved repairs to the Harbour Bridge in March 2026. The repairs will cost 12 million euros. "
            + "Work on the Harbour Bridge starts in June and will close it to cars for six weeks. Cyclists can still cross during the works.\n")), CancellationToken.None);
        await _bot.Briefing.IngestAsync(scope, new Core.Ingestion.DocumentSource("attachment:tram.md", "tram.md", Encoding.UTF8.GetBytes(
            "# Old Town tram extension\n\nThe Old Town tram extension was approved last year. Work on the tram extension starts in September. "
            + "The extension will cost 40 million euros and add four stops.\n")), CancellationToken.None);
        const ulong bot = Discord.Tests.Fakes.FakeDiscordServer.BotUserId;

        var (first, answerMessage, answerId) = await ConversationTests.AskByMentionAsync(_bot, 8101, "How much will the Harbour Bridge repairs cost?");
        await _bot.EditAsync(await _bot.ClickAsync(8102, "fu:" + answerId, answerMessage));
        await _bot.MessageAsync(Discord.Tests.Fakes.FakeDiscordServer.Message(8103, answerMessage, 555, $"<@{bot}> and when does the work start?", BotHarness.GuildA, mentions: [bot]));
        var second = await _bot.ReplyToAsync("8103");

        Assert.Contains("12 million", first.Json!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var answer = second.Json!["embeds"]![0]!["description"]!.GetValue<string>();
        Assert.Contains("June", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("September", answer, StringComparison.Ordinal);
        Assert.Contains("Read as: and when does the work start? (Harbour Bridge)", second.Json["embeds"]![0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Ask_OnlyAPrivateChannelsDocumentCoversIt_AbstainsExactlyAsAnEmptyServerDoes()
    {
        await _bot.Briefing.IngestAsync(Core.Documents.ScopeId.ForGuild(BotHarness.GuildA), new Core.Ingestion.DocumentSource("attachment:appeals.md", "appeals.md", Encoding.UTF8.GetBytes(
            "# Moderator appeals handbook\n\nBan appeals are heard by the moderation team every Friday evening. An appeal must be filed within fourteen days.\n"))
        {
            Visibility = Core.Documents.Visibility.ForChannel(new Core.Documents.AudienceChannelId(555000000000000001)),
        }, CancellationToken.None);

        var inA = (await _bot.EditAsync(await _bot.SlashAsync(8201, BotHarness.GuildA, "ask", BotHarness.Option("question", "When are ban appeals heard?"), user: 611))).Json!;
        var inEmptyB = (await _bot.EditAsync(await _bot.SlashAsync(8202, BotHarness.GuildB, "ask", BotHarness.Option("question", "When are ban appeals heard?"), user: 612))).Json!;

        // Neither "not covered" nor a count of documents: what a server with nothing loaded says, word for word.
        Assert.Equal(inEmptyB["embeds"]!.ToJsonString(), inA["embeds"]!.ToJsonString());
        Assert.DoesNotContain("Friday", inA.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("appeals handbook", inA.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }
}
