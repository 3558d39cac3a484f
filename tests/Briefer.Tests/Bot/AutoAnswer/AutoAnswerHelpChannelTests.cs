using System.Text.Json.Nodes;
using Briefer.AutoAnswers;
using Briefer.Bot.AutoAnswer;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;
using static Briefer.Tests.Bot.AutoAnswer.AutoAnswerHarness;

namespace Briefer.Tests.Bot.AutoAnswer;

/// <summary>Automatic answers in a text help channel, and the admin command, against the fake Discord on a fake clock.</summary>
public sealed class AutoAnswerHelpChannelTests
{
    [Fact]
    public async Task Question_AfterDebounce_AnsweredAsAReplyToIt()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);

        await h.SayAsync(7001, Help, Member, "how do i reset my password");
        await WaitUntilAsync(() => h.Watcher.QuestionOf($"msg:{Help}:{Member}") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));

        var post = await h.NextPostInAsync(Help);
        Assert.Equal("7001", post.Json!["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.Contains(BotHarness.CustomIdsOf(post), id => id.StartsWith(AutoAnswerReplyCommand.StillNeedHelpPrefix + ":", StringComparison.Ordinal));
        Assert.Empty(h.Server.ValidationErrors);
    }

    [Theory]
    [InlineData(0.79, false)]
    [InlineData(0.80, true)]
    public async Task Question_ConfidenceAgainstTheChannelThreshold_PostedOnlyAtOrAboveIt(double confidence, bool posted)
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help, minConfidence: 0.8);
        h.Briefing.AnswerScore = 0.99;
        h.Briefing.Confidence = confidence;

        await h.SayAsync(7011, Help, Member, "how do i reset my password");
        await WaitUntilAsync(() => h.Watcher.QuestionOf($"msg:{Help}:{Member}") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => !h.Briefing.Questions.IsEmpty && h.Watcher.Pending == 0);
        await SettleAsync();

        Assert.Equal(posted, h.PostsIn(Help).Any());
    }

    [Fact]
    public async Task Question_HighAnswerabilityButConfidenceBelowTheShippedDefault_Silent()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);
        h.Briefing.AnswerScore = 0.99;
        h.Briefing.Confidence = AutoAnswerOptions.DefaultMinConfidence - 0.01;

        await h.SayAsync(7012, Help, Member, "how do i reset my password");
        await WaitUntilAsync(() => h.Watcher.QuestionOf($"msg:{Help}:{Member}") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => !h.Briefing.Questions.IsEmpty && h.Watcher.Pending == 0);
        await SettleAsync();

        Assert.Empty(h.PostsIn(Help));
    }

    [Theory]
    [InlineData("thanks, that worked")]
    [InlineData("The deploy finished.")]
    [InlineData("see https://example.com/page?id=3")]
    public async Task NotAQuestion_Ignored(string text)
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);

        await h.SayAsync(7002, Help, Member, text);
        await SettleAsync();

        Assert.Equal(0, h.Watcher.Pending);
    }

    [Fact]
    public async Task ReplyToSomeoneElse_BotMessage_OwnMessage_Ignored()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);
        var other = FakeDiscordServer.Message(7000, Help, Poster, "I have a problem.", Guild);

        await h.SayAsync(7003, Help, Member, "Have you tried turning it off and on?", replyTo: other);
        await h.Bot.Connection.DispatchAsync("MESSAGE_CREATE", FakeDiscordServer.MemberMessage(7004, Help, Guild, 777, "What is the status?", bot: true));
        await h.Bot.Connection.DispatchAsync("MESSAGE_CREATE", FakeDiscordServer.MemberMessage(7005, Help, Guild, FakeDiscordServer.BotUserId, "What is the status?"));
        await SettleAsync();

        Assert.Equal(0, h.Watcher.Pending);
    }

    [Fact]
    public async Task ChannelNotConfigured_NeverAnswered()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);

        await h.SayAsync(7006, Elsewhere, Member, "How do I reset my password?");
        await SettleAsync();
        h.Bot.Time.Advance(Debounce * 2);
        await SettleAsync();

        Assert.Equal(0, h.Watcher.Pending);
        Assert.Empty(h.Briefing.Questions);
        Assert.Empty(h.PostsIn(Elsewhere));
    }

    [Fact]
    public async Task ModeratorRepliesToTheQuestion_Silent()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);
        var question = FakeDiscordServer.Message(7007, Help, Member, "How do I reset my password?", Guild);

        await h.SayAsync(7007, Help, Member, "How do I reset my password?");
        await WaitUntilAsync(() => h.Watcher.QuestionOf($"msg:{Help}:{Member}") is not null);
        await h.SayAsync(7008, Help, Moderator, "Account page, top right.", roles: [Mods], replyTo: question);
        await WaitUntilAsync(() => h.Watcher.SilencedOf($"msg:{Help}:{Member}") == true);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => h.Watcher.Pending == 0);
        await SettleAsync();

        Assert.Empty(h.PostsIn(Help));
    }

    [Fact]
    public async Task ThreadStartedInHelpChannel_NotAQuestionOfItsOwn()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);

        await h.Bot.Connection.DispatchAsync("THREAD_CREATE", FakeDiscordServer.ForumPost(7020, Guild, Help, Member, "How do I reset my password?"));
        await SettleAsync();

        Assert.Equal(0, h.Watcher.Pending);
    }

    [Fact]
    public async Task SameQuestionTwice_AnsweredOnce()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);

        await h.SayAsync(7010, Help, Member, "How do I reset my password?");
        await WaitUntilAsync(() => h.Watcher.QuestionOf($"msg:{Help}:{Member}") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await h.NextPostInAsync(Help);
        var claimed = await h.Store.TryClaimAsync(ScopeId.ForGuild(Guild), $"msg:{Help}:{Member}", DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.False(claimed);
    }

    [Fact]
    public async Task SlashAdd_StoresTheChannel_ListShowsItAndTheIntentNote()
    {
        await using var h = await StartAsync();
        var add = new JsonArray(new JsonObject
        {
            ["name"] = "add",
            ["type"] = 1,
            ["options"] = new JsonArray(
                new JsonObject { ["name"] = "channel", ["type"] = 7, ["value"] = Id(Forum) },
                new JsonObject { ["name"] = "handoff-role", ["type"] = 8, ["value"] = Id(Support) },
                new JsonObject { ["name"] = "min-confidence", ["type"] = 10, ["value"] = 0.7 }),
        });

        await h.Bot.SlashAsync(9201, Guild, "autoanswer", add, admin: true);
        var added = (await h.Bot.EditAsync("9201")).Json!["content"]!.GetValue<string>();
        await h.Bot.SlashAsync(9202, Guild, "autoanswer", [new JsonObject { ["name"] = "list", ["type"] = 1 }], admin: true);
        var listed = (await h.Bot.EditAsync("9202")).Json!["content"]!.GetValue<string>();

        var stored = Assert.Single(await h.Store.ListChannelsAsync(ScopeId.ForGuild(Guild), CancellationToken.None));
        Assert.Equal((AutoAnswerMode.Answer, (ulong?)Support, (double?)0.7), (stored.Mode, stored.HandoffRole?.Value, stored.MinConfidence));
        Assert.StartsWith("Added <#600>", added, StringComparison.Ordinal);
        Assert.Contains("<#600>: answer, hand off to <@&801>, min confidence 0.70", listed, StringComparison.Ordinal);
        Assert.Contains("Restart Briefer", listed, StringComparison.Ordinal);
        Assert.Empty(h.Server.ValidationErrors);
    }

    [Fact]
    public async Task SlashAdd_AgainWithOneOption_KeepsTheOtherSettings()
    {
        await using var h = await StartAsync();
        JsonArray Add(params JsonObject[] options) => new(new JsonObject { ["name"] = "add", ["type"] = 1, ["options"] = new JsonArray([new JsonObject { ["name"] = "channel", ["type"] = 7, ["value"] = Id(Forum) }, .. options]) });

        await h.Bot.SlashAsync(9204, Guild, "autoanswer", Add(new JsonObject { ["name"] = "handoff-role", ["type"] = 8, ["value"] = Id(Support) }, new JsonObject { ["name"] = "min-confidence", ["type"] = 10, ["value"] = 0.7 }), admin: true);
        await h.Bot.EditAsync("9204");
        await h.Bot.SlashAsync(9205, Guild, "autoanswer", Add(new JsonObject { ["name"] = "min-confidence", ["type"] = 10, ["value"] = 0.9 }), admin: true);
        var updated = (await h.Bot.EditAsync("9205")).Json!["content"]!.GetValue<string>();

        var stored = Assert.Single(await h.Store.ListChannelsAsync(ScopeId.ForGuild(Guild), CancellationToken.None));
        Assert.Equal((AutoAnswerMode.Answer, (ulong?)Support, (double?)0.9), (stored.Mode, stored.HandoffRole?.Value, stored.MinConfidence));
        Assert.StartsWith("Updated <#600>", updated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashAdd_NotAnAdmin_Refused()
    {
        await using var h = await StartAsync();

        await h.Bot.SlashAsync(9203, Guild, "autoanswer", [new JsonObject { ["name"] = "list", ["type"] = 1 }]);
        var callback = await h.Bot.CallbackAsync("9203");

        Assert.Contains("Manage Server", callback.Json!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
