using System.Globalization;
using Briefer.Bot.Pipeline;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Tests.Bot;

/// <summary>Follow-ups in threads, against the fake Discord: the Follow up button, thread messages, restarts.</summary>
public sealed class ConversationTests
{
    private const ulong Bot = FakeDiscordServer.BotUserId;

    internal static async Task WithDocumentAsync(BotHarness bot, ulong guild, string name = "report.txt", string text = "Budget report\nThe budget grew by 4 percent.")
    {
        var fake = (FakeBriefingService)bot.Briefing;
        await fake.IngestAsync(ScopeId.ForGuild(guild), new Core.Ingestion.DocumentSource("attachment:" + name, name, System.Text.Encoding.UTF8.GetBytes(text)), CancellationToken.None);
    }

    /// <summary>Asks by mention in the channel; returns the bot's reply (an answer card) and its message id.</summary>
    internal static async Task<(RecordedRequest Reply, ulong MessageId, string AnswerId)> AskByMentionAsync(BotHarness bot, ulong messageId, string question, ulong user = 555)
    {
        await bot.MessageAsync(FakeDiscordServer.Message(messageId, BotHarness.Channel, user, $"<@{Bot}> {question}", BotHarness.GuildA, mentions: [Bot]));
        var reply = await bot.ReplyToAsync(messageId.ToString(CultureInfo.InvariantCulture));
        var botMessageId = ulong.Parse(await ReplyIdAsync(bot, reply), CultureInfo.InvariantCulture);
        var followUp = BotHarness.CustomIdsOf(reply).Single(id => id.StartsWith("fu:", StringComparison.Ordinal));
        return (reply, botMessageId, followUp[3..]);
    }

    /// <summary>The id the fake gave the bot's message (its responses are numbered in order of arrival).</summary>
    private static Task<string> ReplyIdAsync(BotHarness bot, RecordedRequest reply)
    {
        var index = bot.Server.Requests.Where(r => r.Route == "/channels/{channel_id}/messages").ToList().IndexOf(reply);
        return Task.FromResult((400000000000000000UL + (ulong)index + 1).ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<ulong> OpenThreadAsync(BotHarness bot, ulong interactionId, ulong answerMessageId, string answerId)
    {
        var click = await bot.ClickAsync(interactionId, "fu:" + answerId, answerMessageId);
        var done = await bot.EditAsync(click);
        Assert.True(done.Json!["content"]!.GetValue<string>().Contains("Thread opened", StringComparison.Ordinal), done.Body);
        return answerMessageId;
    }

    [Fact]
    public async Task FollowUpButton_OpensThreadOnTheAnswerAndSaysWhereToAsk()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, answerMessage, answerId) = await AskByMentionAsync(bot, 7001, "How much did the budget grow?");

        var click = await bot.ClickAsync(9001, "fu:" + answerId, answerMessage);
        var callback = await bot.CallbackAsync(click);
        var edit = await bot.EditAsync(click);

        var thread = await bot.Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages/{message_id}/threads");
        Assert.Equal(answerMessage.ToString(CultureInfo.InvariantCulture), thread.Args["message_id"]);
        Assert.Equal("How much did the budget grow?", thread.Json!["name"]!.GetValue<string>());
        Assert.Equal(64, callback.Json!["data"]!["flags"]!.GetValue<int>());
        Assert.Contains($"<#{answerMessage}>", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var welcome = await bot.Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages" && r.Args["channel_id"] == answerMessage.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("mention me", welcome.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task ThreadFollowUp_EllipticalQuestion_BorrowsTheFirstTurnsSubjectAndRepliesInTheThread()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);
        var fake = (FakeBriefingService)bot.Briefing;
        var (_, answerMessage, answerId) = await AskByMentionAsync(bot, 7002, "How much did the Harbour Bridge budget grow?");
        var thread = await OpenThreadAsync(bot, 9002, answerMessage, answerId);

        await bot.MessageAsync(FakeDiscordServer.Message(7003, thread, 555, $"<@{Bot}> and when did it start?", BotHarness.GuildA, mentions: [Bot]));
        var reply = await bot.ReplyToAsync("7003");

        Assert.Equal(thread.ToString(CultureInfo.InvariantCulture), reply.Args["channel_id"]);
        Assert.Equal("and when did it start? (Harbour Bridge)", fake.Questions.Last());
        var embed = reply.Json!["embeds"]![0]!;
        Assert.Equal("and when did it start?", embed["title"]!.GetValue<string>());
        Assert.Contains("Read as: and when did it start? (Harbour Bridge)", embed["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("[1]", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(BotHarness.CustomIdsOf(reply), id => id.StartsWith("fu:", StringComparison.Ordinal));
        Assert.Empty(reply.Json["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task ThreadFollowUp_ReplyToTheBotWithoutMention_IsAFollowUp()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, answerMessage, answerId) = await AskByMentionAsync(bot, 7010, "How much did the budget grow?");
        var thread = await OpenThreadAsync(bot, 9010, answerMessage, answerId);
        var botMessage = FakeDiscordServer.Message(answerMessage, thread, Bot, string.Empty, BotHarness.GuildA, bot: true);

        await bot.MessageAsync(FakeDiscordServer.Message(7011, thread, 555, "what about next year?", BotHarness.GuildA, referencedMessage: botMessage));
        var reply = await bot.ReplyToAsync("7011");

        Assert.Contains("[1]", reply.Json!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("what about next year?", ((FakeBriefingService)bot.Briefing).Questions.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadMessage_NotMentioningOrReplying_IsIgnored()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, answerMessage, answerId) = await AskByMentionAsync(bot, 7020, "How much did the budget grow?");
        var thread = await OpenThreadAsync(bot, 9020, answerMessage, answerId);

        await bot.MessageAsync(FakeDiscordServer.Message(7021, thread, 555, "thanks all", BotHarness.GuildA));
        await bot.MessageAsync(FakeDiscordServer.Message(7022, thread, 555, $"<@{Bot}> and why?", BotHarness.GuildA, mentions: [Bot]));
        await bot.ReplyToAsync("7022");

        Assert.DoesNotContain(bot.Server.Requests, r => r.Route == "/channels/{channel_id}/messages" && r.Json?["message_reference"]?["message_id"]?.GetValue<string>() == "7021");
    }

    [Fact]
    public async Task FollowUp_AfterBotRestart_ContinuesTheConversation()
    {
        var server = await FakeDiscordServer.StartAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-restart-" + Guid.NewGuid().ToString("N"));
        var fake = new FakeBriefingService();
        var first = await BotHarness.StartAsync(briefing: fake, server: server, dataDirectory: dataDirectory);
        await WithDocumentAsync(first, BotHarness.GuildA);
        var (_, answerMessage, answerId) = await AskByMentionAsync(first, 7030, "How much did the Harbour Bridge budget grow?");
        var thread = await OpenThreadAsync(first, 9030, answerMessage, answerId);
        await first.StopHostAsync();

        await using var second = await BotHarness.StartAsync(briefing: fake, server: server, dataDirectory: dataDirectory);
        await second.MessageAsync(FakeDiscordServer.Message(7031, thread, 555, $"<@{Bot}> when did it start?", BotHarness.GuildA, mentions: [Bot]));
        var reply = await second.ReplyToAsync("7031");

        Assert.Equal(thread.ToString(CultureInfo.InvariantCulture), reply.Args["channel_id"]);
        Assert.Equal("when did it start? (Harbour Bridge)", fake.Questions.Last());
        var stored = await second.Host.Services.GetRequiredService<IConversationStore>()
            .GetConversationAsync(ScopeId.ForGuild(BotHarness.GuildA), ConversationKeys.ForThread(new Discord.Models.ChannelId(thread)), CancellationToken.None);
        Assert.Equal(2, stored!.Turns.Count);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task FollowUpButton_Twice_SecondClickPointsToTheExistingThread()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, answerMessage, answerId) = await AskByMentionAsync(bot, 7040, "How much did the budget grow?");
        await OpenThreadAsync(bot, 9040, answerMessage, answerId);

        var again = await bot.EditAsync(await bot.ClickAsync(9041, "fu:" + answerId, answerMessage, user: 556));

        Assert.Contains("already has a thread", again.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(bot.Server.Requests, r => r.Route == "/channels/{channel_id}/messages/{message_id}/threads");
    }

    [Fact]
    public async Task FollowUpButton_InsideAThread_MakesThatThreadTheConversation()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, answerMessage, answerId) = await AskByMentionAsync(bot, 7050, "How much did the Harbour Bridge budget grow?");

        var done = await bot.EditAsync(await bot.ClickAsync(9050, "fu:" + answerId, answerMessage, channelType: 11));
        await bot.MessageAsync(FakeDiscordServer.Message(7051, BotHarness.Channel, 555, $"<@{Bot}> and why?", BotHarness.GuildA, mentions: [Bot]));
        await bot.ReplyToAsync("7051");

        Assert.Contains("now a conversation", done.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Server.Requests, r => r.Route.EndsWith("/threads", StringComparison.Ordinal));
        Assert.Equal("and why? (Harbour Bridge)", ((FakeBriefingService)bot.Briefing).Questions.Last());
    }

    [Fact]
    public async Task Conversation_AtMaxTurns_AsksToStartANewOne()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Conversations:MaxTurns"] = "2" });
        await WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, answerMessage, answerId) = await AskByMentionAsync(bot, 7060, "How much did the budget grow?");
        var thread = await OpenThreadAsync(bot, 9060, answerMessage, answerId);
        await bot.MessageAsync(FakeDiscordServer.Message(7061, thread, 555, $"<@{Bot}> and why?", BotHarness.GuildA, mentions: [Bot]));
        await bot.ReplyToAsync("7061");

        await bot.MessageAsync(FakeDiscordServer.Message(7062, thread, 555, $"<@{Bot}> and then?", BotHarness.GuildA, mentions: [Bot]));
        var full = await bot.ReplyToAsync("7062");

        Assert.Contains("reached its 2 questions", full.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
