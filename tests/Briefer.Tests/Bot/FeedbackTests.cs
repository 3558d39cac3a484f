using System.Globalization;
using System.Text.RegularExpressions;
using Briefer.Core.Conversations;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Tests.Bot;

/// <summary>The answer card's buttons (👍, 👎 and its form, Sources) and the checks on custom ids coming back in.</summary>
public sealed partial class FeedbackTests
{
    private static async Task<InsightsReport> InsightsAsync(BotHarness bot, ulong guild = BotHarness.GuildA) =>
        await bot.Host.Services.GetRequiredService<IConversationStore>().GetInsightsAsync(ScopeId.ForGuild(guild), DateTimeOffset.UnixEpoch, 5, ReaderAudience.Everything, CancellationToken.None);

    [Fact]
    public async Task Vote_UpThenDown_CountedOnceAsDown()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 7101, "How much did the budget grow?");

        var up = await bot.EditAsync(await bot.ClickAsync(9101, "fb:up:" + answerId, message, user: 601));
        var downClick = await bot.ClickAsync(9102, "fb:down:" + answerId, message, user: 601);
        var modal = await bot.CallbackAsync(downClick);
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.ModalSubmit(9103, BotHarness.GuildA, BotHarness.Channel, 601, "fbm:" + answerId,
            new Dictionary<string, string> { ["comment"] = "It missed the 2026 figures." }));
        var thanks = await bot.EditAsync("9103");

        Assert.Contains("helped", up.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(9, modal.Json!["type"]!.GetValue<int>());
        Assert.Equal("fbm:" + answerId, modal.Json["data"]!["custom_id"]!.GetValue<string>());
        Assert.Contains("note", thanks.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var insights = await InsightsAsync(bot);
        Assert.Equal(0, insights.UpVotes);
        Assert.Equal(1, insights.DownVotes);
        var downVoted = Assert.Single(insights.TopDownVoted);
        Assert.Equal("It missed the 2026 figures.", downVoted.Comment);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Vote_SameVoteTwice_CountedOnceAndTold()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 7111, "How much did the budget grow?");

        await bot.EditAsync(await bot.ClickAsync(9111, "fb:up:" + answerId, message, user: 602));
        var again = await bot.EditAsync(await bot.ClickAsync(9112, "fb:up:" + answerId, message, user: 602));
        await bot.EditAsync(await bot.ClickAsync(9113, "fb:up:" + answerId, message, user: 603));

        Assert.Contains("already", again.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await InsightsAsync(bot)).UpVotes);
    }

    [Fact]
    public async Task Button_FromAnotherGuildsAnswer_RefusedAndNothingRecorded()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 7121, "How much did the budget grow?");

        var vote = await bot.EditAsync(await bot.ClickAsync(9121, "fb:up:" + answerId, message, guild: BotHarness.GuildB, user: 604));
        var sources = await bot.EditAsync(await bot.ClickAsync(9122, "src:" + answerId, message, guild: BotHarness.GuildB, user: 604));
        var followUp = await bot.EditAsync(await bot.ClickAsync(9123, "fu:" + answerId, message, guild: BotHarness.GuildB, user: 604));

        Assert.Contains("not from this server", vote.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not from this server", sources.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not from this server", followUp.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("budget", sources.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await InsightsAsync(bot)).UpVotes);
        Assert.Equal(0, (await InsightsAsync(bot, BotHarness.GuildB)).UpVotes);
        Assert.DoesNotContain(bot.Server.Requests, r => r.Route.EndsWith("/threads", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomIds_CarryOnlyAPrefixAndARandomAnswerId()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);

        var (reply, _, _) = await ConversationTests.AskByMentionAsync(bot, 7131, "How much did the budget grow?", user: 605_605_605_605_605_605);

        var ids = BotHarness.CustomIdsOf(reply);
        Assert.Equal(4, ids.Count);
        Assert.All(ids, id => Assert.Matches(CustomIdShape(), id));
        // The member's id is longer than the random answer id, so a chance match of a few digits cannot fail the test.
        Assert.All(ids, id => Assert.DoesNotContain("605605605605605605", id, StringComparison.Ordinal));
        Assert.Single(ids.Select(id => id[(id.LastIndexOf(':') + 1)..]).Distinct());
    }

    [Theory]
    [InlineData("fb:up:../../etc")]
    [InlineData("fb:up:ZZZZZZZZZZZZ")]
    [InlineData("fb:sideways:0123456789ab")]
    [InlineData("admin:0123456789ab")]
    [InlineData("fb:up:0123456789ab:extra:parts:more")]
    [InlineData("<script>")]
    public async Task Button_UnexpectedCustomId_RefusedAtOnceNothingStored(string customId)
    {
        await using var bot = await BotHarness.StartAsync();

        var callback = await bot.CallbackAsync(await bot.ClickAsync(9141, customId, 400000000000000001, user: 606));

        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("no longer works", callback.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, (await InsightsAsync(bot)).UpVotes);
    }

    [Fact]
    public async Task SourcesButton_ShowsEveryCitationsFullQuotePrivately()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA, "notes.txt", "Team notes\nThe launch moved to March after the review.");
        var (_, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 7151, "What changed?");

        var click = await bot.ClickAsync(9151, "src:" + answerId, message, user: 607);
        var callback = await bot.CallbackAsync(click);
        var edit = await bot.EditAsync(click);

        Assert.Equal(64, callback.Json!["data"]!["flags"]!.GetValue<int>());
        var embeds = edit.Json!["embeds"]!.AsArray();
        Assert.Equal(2, embeds.Count);
        Assert.Equal(["[1] Team notes", "[2] Budget report"], embeds.Select(e => e!["title"]!.GetValue<string>()));
        Assert.StartsWith("notes.txt · 2026-01-09\n> Team notes The launch moved to March after the review.", embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("report.txt", embeds[1]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(edit.Json["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task EveryMessageTheBotSends_PingsNobody()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 7161, "How much did the budget grow?");
        await bot.EditAsync(await bot.ClickAsync(9161, "fu:" + answerId, message));
        await bot.EditAsync(await bot.ClickAsync(9162, "src:" + answerId, message));
        await bot.EditAsync(await bot.SlashAsync(9163, BotHarness.GuildA, "ask", BotHarness.Option("question", "How much did the budget grow?")));

        var sent = bot.Server.Requests.Where(r => r.Route is "/channels/{channel_id}/messages" or "/webhooks/{webhook_id}/{webhook_token}/messages/@original" or "/webhooks/{webhook_id}/{webhook_token}").ToList();

        Assert.True(sent.Count >= 5);
        Assert.All(sent, r => Assert.Empty(r.Json!["allowed_mentions"]!["parse"]!.AsArray()));
    }

    [GeneratedRegex("^(fb:(up|down)|src|fu):[0-9a-f]{12}$")]
    private static partial Regex CustomIdShape();
}
