using System.Text.Json.Nodes;
using Briefer.AutoAnswers;
using Briefer.Bot.AutoAnswer;
using Briefer.Core.Documents;
using static Briefer.Tests.Bot.AutoAnswer.AutoAnswerHarness;

namespace Briefer.Tests.Bot.AutoAnswer;

/// <summary>Automatic answers in a forum channel, against the fake Discord on a fake clock.</summary>
public sealed class AutoAnswerForumTests
{
    [Fact]
    public async Task CoveredPost_AfterDebounce_AnsweredOnceWithButtons()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum);

        await h.PostAsync(5001, "How do I reset my password?", "I forgot it and the login page loops.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5001")?.Contains("loops", StringComparison.Ordinal) == true);
        h.Bot.Time.Advance(Debounce - TimeSpan.FromSeconds(1));
        await SettleAsync();
        Assert.Empty(h.PostsIn(5001));

        h.Bot.Time.Advance(TimeSpan.FromSeconds(2));
        var post = await h.NextPostInAsync(5001);
        h.Bot.Time.Advance(Debounce * 3);
        await SettleAsync();

        Assert.Single(h.PostsIn(5001));
        var ids = BotHarness.CustomIdsOf(post);
        Assert.Contains(ids, id => id.StartsWith("fb:up:", StringComparison.Ordinal));
        Assert.Contains(ids, id => id.StartsWith("fb:down:", StringComparison.Ordinal));
        Assert.Contains(ids, id => id.StartsWith("src:", StringComparison.Ordinal));
        Assert.Contains(ids, id => id.StartsWith(AutoAnswerReplyCommand.StillNeedHelpPrefix + ":", StringComparison.Ordinal));
        Assert.Empty(post.Json!["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Null(post.Json!["message_reference"]);
        var asked = Assert.Single(h.Briefing.Questions);
        Assert.Contains("How do I reset my password?", asked, StringComparison.Ordinal);
        Assert.Contains("login page loops", asked, StringComparison.Ordinal);
        Assert.Empty(h.Server.ValidationErrors);
    }

    [Fact]
    public async Task StarterMessageBeforeThreadCreate_StillAnsweredOnce()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum);

        await h.Bot.Connection.DispatchAsync("MESSAGE_CREATE", Briefer.Discord.Tests.Fakes.FakeDiscordServer.MemberMessage(5002, 5002, Guild, Poster, "The login page loops."));
        await h.Bot.Connection.DispatchAsync("THREAD_CREATE", Briefer.Discord.Tests.Fakes.FakeDiscordServer.ForumPost(5002, Guild, Forum, Poster, "Password reset?"));
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5002")?.Contains("Password reset?", StringComparison.Ordinal) == true);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));

        await h.NextPostInAsync(5002);
        await SettleAsync();
        Assert.Single(h.PostsIn(5002));
    }

    [Fact]
    public async Task SecondMessageInDebounceWindow_MergedIntoOneQuestion()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum);

        await h.PostAsync(5003, "Password reset", "How do I reset my password?");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5003") is not null);
        h.Bot.Time.Advance(TimeSpan.FromSeconds(10));
        await h.SayAsync(5103, 5003, Poster, "Also: we sign in with SSO.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5003")?.Contains("SSO", StringComparison.Ordinal) == true);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));

        await h.NextPostInAsync(5003);
        var asked = Assert.Single(h.Briefing.Questions);
        Assert.Contains("reset my password", asked, StringComparison.Ordinal);
        Assert.Contains("SSO", asked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UncoveredPost_NoHandoffRole_StaysSilent()
    {
        await using var h = await StartAsync(covered: false);
        await h.ConfigureAsync(Forum);

        await h.PostAsync(5004, "Does it run on a toaster?", "Asking for a friend.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5004") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => !h.Briefing.Questions.IsEmpty);
        await SettleAsync();

        Assert.Empty(h.PostsIn(5004));
    }

    [Fact]
    public async Task UncoveredPost_WithHandoffRole_PingsThatRoleOnly()
    {
        await using var h = await StartAsync(covered: false);
        await h.ConfigureAsync(Forum, handoffRole: Support);

        await h.PostAsync(5005, "Does it run on a toaster?", "Asking for a friend.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5005") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));

        var post = await h.NextPostInAsync(5005);
        Assert.Equal(AutoAnswerReplyCommand.HandOffText(new Briefer.Discord.Models.RoleId(Support)), post.Json!["content"]!.GetValue<string>());
        Assert.Equal("Not covered by the docs — pinging <@&801>", post.Json!["content"]!.GetValue<string>());
        var mentions = post.Json!["allowed_mentions"]!;
        Assert.Empty(mentions["parse"]!.AsArray());
        Assert.Equal(["801"], mentions["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(post.Json!["components"]);
        Assert.Empty(h.Server.ValidationErrors);
    }

    [Fact]
    public async Task ModeratorRepliesFirst_Silent()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum);

        await h.PostAsync(5006, "How do I reset my password?", "Please help.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5006") is not null);
        await h.SayAsync(5106, 5006, Moderator, "Use the account page.", roles: [Mods]);
        await WaitUntilAsync(() => h.Watcher.SilencedOf("post:5006") == true);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => h.Watcher.Pending == 0);
        await SettleAsync();

        Assert.Empty(h.Briefing.Questions);
        Assert.Empty(h.PostsIn(5006));
    }

    [Fact]
    public async Task HandoffRoleMemberRepliesFirst_Silent()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum, handoffRole: Support);

        await h.PostAsync(5007, "How do I reset my password?", "Please help.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5007") is not null);
        await h.SayAsync(5107, 5007, Member, "On it!", roles: [Support]);
        await WaitUntilAsync(() => h.Watcher.SilencedOf("post:5007") == true);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => h.Watcher.Pending == 0);
        await SettleAsync();

        Assert.Empty(h.PostsIn(5007));
    }

    [Fact]
    public async Task PostTaggedSolved_Silent()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum);

        await h.PostAsync(5008, "How do I reset my password?", "Found it myself.", tags: [OtherTag, SolvedTag]);
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5008") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => h.Watcher.Pending == 0);
        await SettleAsync();

        Assert.Empty(h.Briefing.Questions);
        Assert.Empty(h.PostsIn(5008));
    }

    [Fact]
    public async Task ForumNotConfigured_NeverAnswered()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Help);

        await h.PostAsync(5009, "How do I reset my password?", "Please help.", tracked: false);
        await WaitUntilAsync(() => h.Watcher.Pending == 1);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => h.Watcher.Pending == 0);
        await SettleAsync();

        Assert.Empty(h.Briefing.Questions);
        Assert.Empty(h.PostsIn(5009));
    }

    [Fact]
    public async Task PerMemberCap_SecondPostInTheHourNotAnswered_OtherMemberStillAnswered()
    {
        await using var h = await StartAsync(settings: new Dictionary<string, string?> { ["AutoAnswer:MaxPerMemberPerHour"] = "1" });
        await h.ConfigureAsync(Forum);

        foreach (var (thread, poster) in new[] { (5010UL, Poster), (5011UL, Poster), (5012UL, Member) })
        {
            await h.PostAsync(thread, "How do I reset my password?", "Please help.", poster: poster);
            await WaitUntilAsync(() => h.Watcher.QuestionOf($"post:{thread}") is not null);
            h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => h.Watcher.Pending == 0);
        }

        await h.NextPostInAsync(5010);
        await h.NextPostInAsync(5012);
        await SettleAsync();
        Assert.Empty(h.PostsIn(5011));
    }

    [Fact]
    public async Task PerChannelCap_ThirdPostInTheHourNotAnswered_AnsweredAgainAnHourLater()
    {
        await using var h = await StartAsync(settings: new Dictionary<string, string?> { ["AutoAnswer:MaxPerChannelPerHour"] = "2" });
        await h.ConfigureAsync(Forum);

        foreach (var (thread, poster) in new[] { (5020UL, 1001UL), (5021UL, 1002UL), (5022UL, 1003UL) })
        {
            await h.PostAsync(thread, "How do I reset my password?", "Please help.", poster: poster);
            await WaitUntilAsync(() => h.Watcher.QuestionOf($"post:{thread}") is not null);
            h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => h.Watcher.Pending == 0);
        }

        await h.NextPostInAsync(5021);
        await SettleAsync();
        Assert.Empty(h.PostsIn(5022));

        h.Bot.Time.Advance(TimeSpan.FromHours(1));
        await h.PostAsync(5023, "How do I reset my password?", "Please help.", poster: 1004);
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5023") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        await h.NextPostInAsync(5023);
    }

    [Fact]
    public async Task StillNeedHelp_PingsTheRoleOnceAndTagsNeedsHuman()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum, handoffRole: Support);
        var help = await AnsweredAsync(h, 5030);

        await h.Bot.ClickAsync(9001, help, 1, user: Poster, channel: 5030, channelType: 11);
        var reply = await h.Bot.EditAsync("9001");
        await h.Bot.ClickAsync(9002, help, 1, user: Member, channel: 5030, channelType: 11);
        var again = await h.Bot.EditAsync("9002");

        var pings = h.PostsIn(5030).Where(p => p.Json!["content"]?.GetValue<string>()?.StartsWith("<@&801>", StringComparison.Ordinal) == true).ToList();
        var ping = Assert.Single(pings);
        Assert.Equal(["801"], ping.Json!["allowed_mentions"]!["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty(ping.Json!["allowed_mentions"]!["parse"]!.AsArray());
        var patch = await h.Server.WaitForRequestAsync(r => r.Method == "PATCH" && r.Route == "/channels/{channel_id}" && r.Args["channel_id"] == "5030");
        Assert.Equal(["902"], patch.Json!["applied_tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("<@&801>", reply.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(StillNeedHelpCommand.AlreadyAsked, again.Json!["content"]!.GetValue<string>());
        Assert.Empty(h.Server.ValidationErrors);
    }

    [Fact]
    public async Task PosterThumbsUp_AppliesSolvedTag_CountedInInsights()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum);
        var help = await AnsweredAsync(h, 5040);
        var answerId = help.Split(':')[1];

        await h.Bot.ClickAsync(9101, $"fb:up:{answerId}", 1, user: Member, channel: 5040, channelType: 11);
        await h.Bot.EditAsync("9101");
        await SettleAsync();
        Assert.DoesNotContain(h.Server.Requests, r => r.Method == "PATCH" && r.Route == "/channels/{channel_id}");

        await h.Bot.ClickAsync(9102, $"fb:up:{answerId}", 1, user: Poster, channel: 5040, channelType: 11);
        var patch = await h.Server.WaitForRequestAsync(r => r.Method == "PATCH" && r.Route == "/channels/{channel_id}" && r.Args["channel_id"] == "5040");

        Assert.Equal(["901"], patch.Json!["applied_tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        await h.Bot.EditAsync("9102");
        var figures = await h.Store.InsightsAsync(ScopeId.ForGuild(Guild), DateTimeOffset.UnixEpoch, CancellationToken.None);
        Assert.Equal(new AutoAnswerInsights(Posted: 1, HandOffs: 0, Suggested: 0, UpVotes: 2, DownVotes: 0, SolvedTags: 1, StillNeedHelp: 0), figures);
        Assert.Empty(h.Server.ValidationErrors);
    }

    [Fact]
    public async Task SuggestMode_AnswerGoesToReviewChannelOnly()
    {
        await using var h = await StartAsync();
        await h.ConfigureAsync(Forum, AutoAnswerMode.Suggest, review: Review);

        await h.PostAsync(5050, "How do I reset my password?", "Please help.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf("post:5050") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));

        var suggestion = await h.NextPostInAsync(Review);
        await SettleAsync();
        Assert.Contains("<#5050>", suggestion.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(suggestion.Json!["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Empty(h.PostsIn(5050));
        Assert.Empty(h.Server.ValidationErrors);
    }

    /// <summary>A covered post answered; returns the answer's "Still need help?" custom id.</summary>
    private static async Task<string> AnsweredAsync(AutoAnswerHarness h, ulong thread)
    {
        await h.PostAsync(thread, "How do I reset my password?", "Please help.");
        await WaitUntilAsync(() => h.Watcher.QuestionOf($"post:{thread}") is not null);
        h.Bot.Time.Advance(Debounce + TimeSpan.FromSeconds(1));
        var post = await h.NextPostInAsync(thread);
        return BotHarness.CustomIdsOf(post).Single(id => id.StartsWith(AutoAnswerReplyCommand.StillNeedHelpPrefix + ":", StringComparison.Ordinal));
    }
}
