using Briefer.Discord.Tests.Fakes;

namespace Briefer.Tests.Bot;

/// <summary><c>/insights</c>: admins only, private, and the report of this server's questions and votes.</summary>
public sealed class InsightsCommandTests
{
    [Fact]
    public async Task Insights_Admin_ReportsThisServersQuestionsAndVotesPrivately()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);
        var (_, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 7201, "How much did the budget grow?");
        await bot.EditAsync(await bot.ClickAsync(9201, "fb:up:" + answerId, message, user: 701));
        await bot.EditAsync(await bot.SlashAsync(9202, BotHarness.GuildB, "ask", BotHarness.Option("question", "What is the parking plan?"), user: 702));

        var id = await bot.SlashAsync(9203, BotHarness.GuildA, "insights", admin: true);
        var callback = await bot.CallbackAsync(id);
        var embed = (await bot.EditAsync(id)).Json!["embeds"]![0]!;

        Assert.Equal(64, callback.Json!["data"]!["flags"]!.GetValue<int>());
        Assert.StartsWith("**1** questions: **1** answered, **0** not covered", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("👍 1 · 👎 0", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("parking", embed.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Insights_NonAdmin_Refused()
    {
        await using var bot = await BotHarness.StartAsync();

        var callback = await bot.CallbackAsync(await bot.SlashAsync(9211, BotHarness.GuildA, "insights"));

        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Contains("Manage Server", callback.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insights_RegisteredHiddenFromMembers()
    {
        await using var bot = await BotHarness.StartAsync();

        var put = await bot.Server.WaitForRequestAsync(r => r.Method == "PUT");

        Assert.Equal("32", put.Json!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "insights")!["default_member_permissions"]!.GetValue<string>());
    }
}
