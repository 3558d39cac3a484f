using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Briefer.AutoAnswers;
using Briefer.Bot.AutoAnswer;
using Briefer.Core.Documents;
using Briefer.Discord.Models;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Tests.Bot.AutoAnswer;

/// <summary>
/// The bot against the fake Discord with a guild of help channels: a forum (#questions, tags Solved and Needs human), a
/// text help channel, and a channel not configured; roles Support (the hand-off role) and Mods (Manage Messages).
/// </summary>
internal sealed class AutoAnswerHarness : IAsyncDisposable
{
    public const ulong Guild = BotHarness.GuildA;
    public const ulong Forum = 600;
    public const ulong Help = 700;
    public const ulong Elsewhere = 701;
    public const ulong Review = 702;
    public const ulong SolvedTag = 901;
    public const ulong NeedsHumanTag = 902;
    public const ulong OtherTag = 903;
    public const ulong Support = 801;
    public const ulong Mods = 802;
    public const ulong Poster = 444;
    public const ulong Moderator = 555;
    public const ulong Member = 666;
    public static readonly TimeSpan Debounce = TimeSpan.FromSeconds(20);

    private AutoAnswerHarness(BotHarness bot) => Bot = bot;

    public BotHarness Bot { get; }

    public FakeBriefingService Briefing => (FakeBriefingService)Bot.Briefing;

    public FakeDiscordServer Server => Bot.Server;

    public AutoAnswerWatcher Watcher => Bot.Host.Services.GetRequiredService<AutoAnswerWatcher>();

    public AutoAnswerStore Store => Bot.Host.Services.GetRequiredService<AutoAnswerStore>();

    /// <param name="covered">Whether the documents cover questions (a document is loaded, so the fake answers and cites it).</param>
    public static async Task<AutoAnswerHarness> StartAsync(bool covered = true, IDictionary<string, string?>? settings = null, FakeDiscordServer? server = null, bool systemClock = false, bool sendGuild = true)
    {
        server ??= await FakeDiscordServer.StartAsync();
        BotHarness bot;
        try
        {
            bot = await BotHarness.StartAsync(settings, server: server, systemClock: systemClock);
        }
        catch (Exception ex) when (!server.ValidationErrors.IsEmpty)
        {
            throw new InvalidOperationException("The bot did not start: " + string.Join("; ", server.ValidationErrors), ex);
        }

        var harness = new AutoAnswerHarness(bot);
        if (sendGuild)
        {
            await harness.SendGuildAsync();
        }

        if (covered)
        {
            var scope = ScopeId.ForGuild(Guild);
            var id = DocumentId.For(scope, "faq.md");
            harness.Briefing.Documents[(scope, id)] = (new DocumentRecord(id, scope, "FAQ", "faq.md", new DateOnly(2026, 1, 9), DateTimeOffset.UnixEpoch, "hash", 1, 10), "Reset your password from the account page.");
        }

        return harness;
    }

    public async Task SendGuildAsync(FakeGatewayConnection? connection = null)
    {
        var tags = new JsonArray(FakeDiscordServer.Tag(SolvedTag, "Solved"), FakeDiscordServer.Tag(NeedsHumanTag, "Needs human"), FakeDiscordServer.Tag(OtherTag, "Bug"));
        var guild = FakeDiscordServer.GuildWith(Guild,
            new JsonArray(
                FakeDiscordServer.GuildChannel(Forum, Guild, 15, "questions", tags),
                FakeDiscordServer.GuildChannel(Help, Guild, 0, "help"),
                FakeDiscordServer.GuildChannel(Elsewhere, Guild, 0, "general"),
                FakeDiscordServer.GuildChannel(Review, Guild, 0, "mod-review")),
            (Support, "Support", 0), (Mods, "Mods", (ulong)DiscordPermissions.ManageMessages));
        await (connection ?? Bot.Connection).DispatchAsync("GUILD_CREATE", guild);
        await WaitUntilAsync(() => Bot.Host.Services.GetRequiredService<Briefer.Discord.Guilds.GuildCache>().Get(new GuildId(Guild)) is not null);
    }

    public Task ConfigureAsync(ulong channel, AutoAnswerMode mode = AutoAnswerMode.Answer, ulong? handoffRole = null, ulong? review = null, double? minConfidence = null) =>
        Store.UpsertChannelAsync(new AutoAnswerChannel(ScopeId.ForGuild(Guild), new ChannelId(channel), mode, handoffRole is { } r ? new RoleId(r) : null, minConfidence,
            review is { } c ? new ChannelId(c) : null, DateTimeOffset.UnixEpoch, null), CancellationToken.None);

    /// <summary>A new forum post: THREAD_CREATE, then its starter message (id = the thread's), and waits until the bot tracks it.</summary>
    /// <param name="tracked">Wait until the bot tracks the post with its title and text (false: the forum is not configured, or the clock is real).</param>
    public async Task PostAsync(ulong thread, string title, string text, ulong poster = Poster, IEnumerable<ulong>? tags = null, ulong forum = Forum, FakeGatewayConnection? connection = null, bool tracked = true)
    {
        var gateway = connection ?? Bot.Connection;
        await gateway.DispatchAsync("THREAD_CREATE", FakeDiscordServer.ForumPost(thread, Guild, forum, poster, title, tags));
        await gateway.DispatchAsync("MESSAGE_CREATE", FakeDiscordServer.MemberMessage(thread, thread, Guild, poster, text));
        if (tracked)
        {
            await WaitUntilAsync(() => Watcher.QuestionOf($"post:{thread}") is { } q && q.Contains(title, StringComparison.Ordinal) && q.Contains(text, StringComparison.Ordinal));
        }
    }

    public Task SayAsync(ulong id, ulong channel, ulong author, string text, IEnumerable<ulong>? roles = null, JsonObject? replyTo = null) =>
        Bot.Connection.DispatchAsync("MESSAGE_CREATE", FakeDiscordServer.MemberMessage(id, channel, Guild, author, text, roles, replyTo));

    /// <summary>Messages the bot created in <paramref name="channel"/>.</summary>
    public List<RecordedRequest> PostsIn(ulong channel) =>
        [.. Server.Requests.Where(r => r.Method == "POST" && r.Route == "/channels/{channel_id}/messages" && r.Args["channel_id"] == Id(channel))];

    public Task<RecordedRequest> NextPostInAsync(ulong channel) =>
        Server.WaitForRequestAsync(r => r.Method == "POST" && r.Route == "/channels/{channel_id}/messages" && r.Args["channel_id"] == Id(channel));

    /// <summary>Waits (in real time) for <paramref name="condition"/>: gateway events are handled on their own tasks.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Lets the bot finish what it started (nothing more is expected to arrive): a short real-time pause.</summary>
    public static Task SettleAsync() => Task.Delay(300);

    public static string Id(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
