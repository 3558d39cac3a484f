using System.Globalization;
using System.Text.Json.Nodes;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;

namespace Briefer.Tests.Bot;

/// <summary>The message commands (right-click a message → Apps): Ask Briefer, Check with Briefer, Save to Briefer.</summary>
public sealed class MessageCommandTests
{
    private static async Task<string> MessageCommandAsync(BotHarness bot, ulong id, string name, JsonObject target, bool admin = false, ulong user = 444)
    {
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.MessageCommand(id, BotHarness.GuildA, BotHarness.Channel, user, name, target, admin));
        return id.ToString(CultureInfo.InvariantCulture);
    }

    private static JsonObject Target(ulong id, string content, JsonArray? attachments = null) =>
        FakeDiscordServer.Message(id, BotHarness.Channel, 777, content, BotHarness.GuildA, attachments: attachments);

    [Fact]
    public async Task AskBriefer_AnswersInTheChannelAsAReplyToThatMessage()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);

        var id = await MessageCommandAsync(bot, 10001, "Ask Briefer", Target(8801, "How much did the budget grow?"));
        var callback = await bot.CallbackAsync(id);
        var reply = await bot.ReplyToAsync("8801");
        var deleted = await bot.Server.WaitForRequestAsync(r => r.Method == "DELETE" && r.Args["webhook_token"] == "itoken-" + id);

        Assert.Equal(5, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Equal(BotHarness.Channel.ToString(CultureInfo.InvariantCulture), reply.Args["channel_id"]);
        Assert.Contains("[1]", reply.Json!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(reply.Json["allowed_mentions"]!["parse"]!.AsArray());
        Assert.NotNull(deleted);
        Assert.Equal("How much did the budget grow?", ((FakeBriefingService)bot.Briefing).Questions.Single());
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task AskBriefer_ChannelForbidsTheBot_AnswersTheAskerPrivately()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);
        bot.Server.ForbiddenChannels[BotHarness.Channel.ToString(CultureInfo.InvariantCulture)] = true;

        var id = await MessageCommandAsync(bot, 10002, "Ask Briefer", Target(8802, "How much did the budget grow?"));
        var edit = await bot.EditAsync(id);

        Assert.Contains("[1]", edit.Json!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Server.Requests, r => r.Method == "DELETE");
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task AskBriefer_MessageWithoutText_RefusedAtOnce()
    {
        await using var bot = await BotHarness.StartAsync();

        var callback = await bot.CallbackAsync(await MessageCommandAsync(bot, 10003, "Ask Briefer", Target(8803, string.Empty)));

        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Contains("no text", callback.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckWithBriefer_StatedInADocument_SupportedWithTheQuote()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);

        var id = await MessageCommandAsync(bot, 10004, "Check with Briefer", Target(8804, "The budget grew by 4 percent."));
        var callback = await bot.CallbackAsync(id);
        var embed = (await bot.EditAsync(id)).Json!["embeds"]![0]!;

        Assert.Equal(64, callback.Json!["data"]!["flags"]!.GetValue<int>());
        Assert.StartsWith("**Supported**", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("> The budget grew by 4 percent", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("report.txt", embed["fields"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Contradicted", embed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task CheckWithBriefer_NotInAnyDocument_NotCovered()
    {
        await using var bot = await BotHarness.StartAsync();
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);

        var id = await MessageCommandAsync(bot, 10005, "Check with Briefer", Target(8805, "The budget was cut in half."));
        var embed = (await bot.EditAsync(id)).Json!["embeds"]![0]!;

        Assert.StartsWith("**Not covered**", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task SaveToBriefer_Admin_StoresTextAndAttachmentWithTheJumpLinkAsSource()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Server.Files["minutes.txt"] = "Board minutes\nThe board approved the new library hours."u8.ToArray();
        var attachments = new JsonArray(new JsonObject { ["id"] = "9901", ["filename"] = "minutes.txt", ["size"] = bot.Server.Files["minutes.txt"].Length, ["url"] = bot.Server.AttachmentUrl("minutes.txt"), ["content_type"] = "text/plain" });

        var id = await MessageCommandAsync(bot, 10006, "Save to Briefer", Target(8806, "Library update\nOpening hours change in May.", attachments), admin: true);
        var edit = await bot.EditAsync(id);

        var stored = Assert.Single(((FakeBriefingService)bot.Briefing).Documents);
        var link = $"https://discord.com/channels/{BotHarness.GuildA}/{BotHarness.Channel}/8806";
        Assert.Equal(ScopeId.ForGuild(BotHarness.GuildA), stored.Key.Scope);
        Assert.Equal(link, stored.Value.Record.Source);
        Assert.Contains("Opening hours change in May.", stored.Value.Text, StringComparison.Ordinal);
        Assert.Contains("The board approved the new library hours.", stored.Value.Text, StringComparison.Ordinal);
        Assert.StartsWith("Loaded **", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task SaveToBriefer_NonAdmin_RefusedAndNothingStored()
    {
        await using var bot = await BotHarness.StartAsync();

        var callback = await bot.CallbackAsync(await MessageCommandAsync(bot, 10007, "Save to Briefer", Target(8807, "Secret plans: launch in May."), admin: false));

        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("Manage Server", callback.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(((FakeBriefingService)bot.Briefing).Documents);
        Assert.DoesNotContain(bot.Server.Requests, r => r.Path.StartsWith("/attachments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MessageCommands_RegisteredAsMessageTypeWithEmptyDescription_SaveHiddenFromMembers()
    {
        await using var bot = await BotHarness.StartAsync();

        var put = await bot.Server.WaitForRequestAsync(r => r.Method == "PUT");

        var commands = put.Json!.AsArray().Where(c => c!["type"]!.GetValue<int>() == 3).ToList();
        Assert.Equal(["Ask Briefer", "Check with Briefer", "Save to Briefer"], commands.Select(c => c!["name"]!.GetValue<string>()));
        Assert.All(commands, c => Assert.Equal(string.Empty, c!["description"]!.GetValue<string>()));
        Assert.Equal("32", commands.Single(c => c!["name"]!.GetValue<string>() == "Save to Briefer")!["default_member_permissions"]!.GetValue<string>());
        Assert.Empty(bot.Server.ValidationErrors);
    }
}
