using Briefer.AutoAnswers;
using Briefer.Discord.Gateway;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using static Briefer.Tests.Bot.AutoAnswer.AutoAnswerHarness;

namespace Briefer.Tests.Bot.AutoAnswer;

/// <summary>The privileged intent automatic answers need, and a burst of new posts under Discord's rate limits.</summary>
public sealed class AutoAnswerGatewayTests
{
    private const long MessageContent = 1 << 15;

    [Fact]
    public async Task MessageContentRefused4014_RunsWithoutItAndSaysSo()
    {
        // On the system clock: the second IDENTIFY waits out Discord's 5 s between IDENTIFYs.
        var server = await FakeDiscordServer.StartAsync();
        server.DisallowedIntents = MessageContent;
        await using var h = await StartAsync(settings: new Dictionary<string, string?> { ["AutoAnswer:MessageContent"] = "Always" }, server: server, systemClock: true, sendGuild: false);

        var first = h.Bot.Connection.Log.First(p => p["op"]!.GetValue<int>() == 2)["d"]!["intents"]!.GetValue<long>();
        FakeGatewayConnection second;
        lock (server.AllConnections)
        {
            second = server.AllConnections.Last();
        }

        var identify = await second.NextAsync(2);
        await WaitUntilAsync(() => h.Bot.Host.Services.GetRequiredService<DiscordGatewayClient>().State == GatewayConnectionState.Connected);
        await WaitUntilAsync(() => h.Store.GetStateAsync(AutoAnswerStore.MessageContentRefusedKey, CancellationToken.None).GetAwaiter().GetResult() is not null);
        await h.SendGuildAsync(second);
        await second.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.SlashCommand(9301, Guild, BotHarness.Channel, 444, "autoanswer",
            [new System.Text.Json.Nodes.JsonObject { ["name"] = "list", ["type"] = 1 }], admin: true));
        var listed = (await h.Bot.EditAsync("9301")).Json!["content"]!.GetValue<string>();

        Assert.NotEqual(0, first & MessageContent);
        Assert.Equal(0, identify["d"]!["intents"]!.GetValue<long>() & MessageContent);
        Assert.Contains("Discord refused the Message Content intent", listed, StringComparison.Ordinal);
        Assert.Equal(GatewayIntents.MessageContent, h.Bot.Host.Services.GetRequiredService<GatewaySession>().RefusedIntents & GatewayIntents.MessageContent);
    }

    [Fact]
    public async Task ChannelConfiguredAtStart_MessageContentRequested()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-aa-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await StartAsync(settings: new Dictionary<string, string?> { ["Store:DataDirectory"] = dataDirectory }))
            {
                await first.ConfigureAsync(Forum);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var second = await StartAsync(settings: new Dictionary<string, string?> { ["Store:DataDirectory"] = dataDirectory });
            var intents = second.Bot.Connection.Log.First(p => p["op"]!.GetValue<int>() == 2)["d"]!["intents"]!.GetValue<long>();

            Assert.NotEqual(0, intents & MessageContent);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task NothingConfigured_MessageContentNotRequested()
    {
        await using var h = await StartAsync();

        var intents = h.Bot.Connection.Log.First(p => p["op"]!.GetValue<int>() == 2)["d"]!["intents"]!.GetValue<long>();

        Assert.Equal(0, intents & MessageContent);
    }

    [Fact]
    public async Task BurstOfThirtyNewPosts_AllAnsweredOnce_No429()
    {
        var server = await FakeDiscordServer.StartAsync();
        server.RateLimits = new FakeRateLimits(perBucket: 5, TimeSpan.FromSeconds(2));
        await using var h = await StartAsync(settings: new Dictionary<string, string?>
        {
            ["AutoAnswer:Debounce"] = "00:00:00.5",
            ["AutoAnswer:MaxPerChannelPerHour"] = "100",
        }, server: server, systemClock: true);
        await h.ConfigureAsync(Forum);
        var threads = Enumerable.Range(1, 30).Select(i => 6000UL + (ulong)i).ToList();

        await Task.WhenAll(threads.Select(t => h.PostAsync(t, "How do I reset my password?", "Please help.", poster: t + 100_000, tracked: false)));
        await WaitUntilAsync(() => threads.All(t => h.PostsIn(t).Count > 0), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.All(threads, t => Assert.Single(h.PostsIn(t)));
        Assert.Empty(server.RateLimits.Refused);
        Assert.Empty(server.ValidationErrors);
        Assert.Equal(30, h.Briefing.Questions.Count);
    }
}
