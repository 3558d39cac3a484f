using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;

namespace Briefer.Tests.Bot;

/// <summary>
/// The leak matrix against the fake Discord: each cell sets up roles, overwrites and member updates over the gateway,
/// asks through the real bot pipeline, and asserts that no quote, title or source of a document hidden from the reader
/// crosses the wire to Discord (each cell also shows the document does reach a reader allowed to see it).
/// </summary>
public sealed class VisibilityLeakTests
{
    private const ulong Guild = BotHarness.GuildA;
    private const ulong General = BotHarness.Channel;
    private const ulong ModChat = 555000000000000001;
    private const ulong ModThread = 555000000000000002;
    private const ulong Announcements = 555000000000000003;
    private const ulong GeneralThread = 555000000000000004;
    private const ulong Mods = 777000000000000001;
    private const ulong Member = 444;

    private static readonly string[] ModDocument = ["Moderator handbook", "SECRET-MOD-QUOTE", "mods.md"];
    private static readonly string[] RoleDocument = ["Staff roster", "SECRET-ROLE-QUOTE", "staff.md"];

    [Fact]
    public async Task Check_MemberWithoutTheRole_RoleDocumentNeverShown()
    {
        await using var bot = await StartAsync();

        var without = await RequestJsonAsync(bot, await CheckAsync(bot, 30001, "the roster lists staff", roles: []));
        var with = await RequestJsonAsync(bot, await CheckAsync(bot, 30002, "the roster lists staff", roles: [Mods]));

        AssertNoLeak(without, RoleDocument);
        Assert.Contains("Staff roster", with, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveInPrivateChannel_ThenRoleRemoved_DocumentNoLongerReachesTheMember()
    {
        await using var bot = await StartAsync();
        var save = FakeDiscordServer.MessageCommand(30010, Guild, ModChat, 999, "Save to Briefer",
            FakeDiscordServer.Message(8901, ModChat, 888, "Appeals procedure\nHIDDEN-APPEALS-QUOTE appeals are heard on Fridays.", Guild), admin: true);
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", save);
        var saved = await RequestJsonAsync(bot, "30010");

        var before = await RequestJsonAsync(bot, await CheckAsync(bot, 30011, "appeals are heard on Fridays", roles: [Mods]));
        await bot.Connection.DispatchAsync("GUILD_MEMBER_UPDATE", new JsonObject { ["guild_id"] = Id(Guild), ["user"] = new JsonObject { ["id"] = Id(Member), ["username"] = "alice" }, ["roles"] = new JsonArray() });
        var after = await RequestJsonAsync(bot, await CheckAsync(bot, 30012, "appeals are heard on Fridays", roles: []));

        Assert.Contains($"Visible to: <#{ModChat}>", saved, StringComparison.Ordinal);
        Assert.Contains("Appeals procedure", before, StringComparison.Ordinal);
        AssertNoLeak(after, "Appeals procedure", "HIDDEN-APPEALS-QUOTE", "8901");
    }

    [Fact]
    public async Task ChannelOverwriteChangedToDeny_ChannelDocumentNoLongerShown()
    {
        await using var bot = await StartAsync();
        Seed(bot, "news.md", "Announcements digest", "HIDDEN-NEWS-QUOTE the fair moved to June.", Visibility.ForChannel(new AudienceChannelId(Announcements)));

        var before = await RequestJsonAsync(bot, await CheckAsync(bot, 30020, "the fair moved to June", roles: []));
        await bot.Connection.DispatchAsync("CHANNEL_UPDATE", Channel(Announcements, Deny(Guild)));
        var after = await RequestJsonAsync(bot, await CheckAsync(bot, 30021, "the fair moved to June", roles: []));

        Assert.Contains("Announcements digest", before, StringComparison.Ordinal);
        AssertNoLeak(after, "Announcements digest", "HIDDEN-NEWS-QUOTE", "news.md");
    }

    [Fact]
    public async Task PrivilegedAskerInPublicChannel_PublicAnswerExcludesWhatTheEphemeralCheckIncludes()
    {
        await using var bot = await StartAsync();

        var publicAnswer = await RequestJsonAsync(bot, await SlashAsync(bot, 30030, "ask", General, roles: [Mods], BotHarness.Option("question", "What do the handbook and roster say?")));
        var ephemeral = await RequestJsonAsync(bot, await CheckAsync(bot, 30031, "ban appeals go to the mod team", roles: [Mods]));

        AssertNoLeak(publicAnswer, [.. ModDocument, .. RoleDocument]);
        Assert.Contains("Public FAQ", publicAnswer, StringComparison.Ordinal);
        Assert.Contains("Moderator handbook", ephemeral, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadOfPrivateChannel_UsesItsParentsDocumentsButAPublicThreadDoesNot()
    {
        await using var bot = await StartAsync();

        var privateThread = await RequestJsonAsync(bot, await SlashAsync(bot, 30040, "ask", ModThread, roles: [Mods], BotHarness.Option("question", "What does the handbook say?"), parent: ModChat));
        var publicThread = await RequestJsonAsync(bot, await SlashAsync(bot, 30041, "ask", GeneralThread, roles: [Mods], BotHarness.Option("question", "What does the handbook say?"), parent: General));

        Assert.Contains("SECRET-MOD-QUOTE", privateThread, StringComparison.Ordinal);
        AssertNoLeak(privateThread, RoleDocument);
        AssertNoLeak(publicThread, [.. ModDocument, .. RoleDocument]);
    }

    [Fact]
    public async Task SourcesButton_ClickedAfterTheRoleWasRemoved_HidesTheRoleDocument()
    {
        await using var bot = await StartAsync();
        var check = await bot.EditAsync(await CheckAsync(bot, 30050, "the roster lists staff", roles: [Mods]));
        var sources = BotHarness.CustomIdsOf(check).Single(c => c.StartsWith("src", StringComparison.Ordinal));

        var withRole = await RequestJsonAsync(bot, await ClickAsync(bot, 30051, sources, roles: [Mods]));
        await bot.Connection.DispatchAsync("GUILD_MEMBER_UPDATE", new JsonObject { ["guild_id"] = Id(Guild), ["user"] = new JsonObject { ["id"] = Id(Member), ["username"] = "alice" }, ["roles"] = new JsonArray() });
        var withoutRole = await RequestJsonAsync(bot, await ClickAsync(bot, 30052, sources, roles: []));

        Assert.Contains("Staff roster", withRole, StringComparison.Ordinal);
        AssertNoLeak(withoutRole, RoleDocument);
    }

    [Fact]
    public async Task Sources_InPublicChannel_ListsOnlyDocumentsEveryoneThereMayRead_AdminsSeeVisibility()
    {
        await using var bot = await StartAsync();

        var inGeneral = await RequestJsonAsync(bot, await SlashAsync(bot, 30060, "sources", General, roles: [Mods], admin: true));
        var inModChat = await RequestJsonAsync(bot, await SlashAsync(bot, 30061, "sources", ModChat, roles: [Mods], admin: true));

        AssertNoLeak(inGeneral, [.. ModDocument, .. RoleDocument]);
        Assert.Contains("visible to everyone", inGeneral, StringComparison.Ordinal);
        Assert.Contains($"visible only to readers of <#{ModChat}>", inModChat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_MemberInPrivateChannel_MarksTheDocumentsRestrictedToIt()
    {
        await using var bot = await StartAsync();

        var inModChat = await RequestJsonAsync(bot, await SlashAsync(bot, 30062, "sources", ModChat, roles: [Mods]));

        Assert.Contains("Moderator handbook", inModChat, StringComparison.Ordinal);
        Assert.Contains($"visible only to readers of <#{ModChat}>", inModChat, StringComparison.Ordinal);
        Assert.DoesNotContain("visible to everyone", inModChat, StringComparison.Ordinal);
        AssertNoLeak(inModChat, RoleDocument);
    }

    [Fact]
    public async Task Sources_MemberInPublicChannel_NeverListsWhatTheChannelsReadersMayNotAllRead()
    {
        await using var bot = await StartAsync();

        var withRole = await RequestJsonAsync(bot, await SlashAsync(bot, 30063, "sources", General, roles: [Mods]));
        var withoutRole = await RequestJsonAsync(bot, await SlashAsync(bot, 30064, "sources", Announcements, roles: []));

        Assert.Contains("Public FAQ", withRole, StringComparison.Ordinal);
        AssertNoLeak(withRole, [.. ModDocument, .. RoleDocument, "visible only"]);
        Assert.Contains("Public FAQ", withoutRole, StringComparison.Ordinal);
        AssertNoLeak(withoutRole, [.. ModDocument, .. RoleDocument, "visible only"]);
    }

    [Fact]
    public async Task Ask_NoGuildCreateYet_FailsClosedToTheChannel()
    {
        await using var bot = await BotHarness.StartAsync();
        SeedMatrix(bot);

        var answer = await RequestJsonAsync(bot, await SlashAsync(bot, 30070, "ask", General, roles: [Mods], BotHarness.Option("question", "What does the handbook say?")));

        AssertNoLeak(answer, [.. ModDocument, .. RoleDocument]);
    }

    [Fact]
    public async Task FollowUpThread_OfPrivateChannel_UsesItsDocuments_OfPublicChannel_DoesNot()
    {
        await using var bot = await StartAsync();

        var inModChat = await FollowUpInNewThreadAsync(bot, 30090, ModChat, "What does the handbook say?", "and who hears appeals?");
        var inGeneral = await FollowUpInNewThreadAsync(bot, 30100, General, "What does the handbook say?", "and who hears appeals?");

        Assert.Contains("SECRET-MOD-QUOTE", inModChat, StringComparison.Ordinal);
        AssertNoLeak(inModChat, RoleDocument);
        AssertNoLeak(inGeneral, [.. ModDocument, .. RoleDocument]);
    }

    [Fact]
    public async Task Insights_QuestionAskedInPrivateChannel_ListedOnlyForAdminsWhoCanReadIt()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.Connection.DispatchAsync("GUILD_CREATE", GuildCreate());
        await RequestJsonAsync(bot, await SlashAsync(bot, 30110, "ask", ModChat, roles: [Mods], BotHarness.Option("question", "Who is on the SECRET-INSIGHT shortlist?")));
        await RequestJsonAsync(bot, await SlashAsync(bot, 30111, "ask", General, roles: [], BotHarness.Option("question", "When does the library open?")));

        var outsider = await RequestJsonAsync(bot, await SlashAsync(bot, 30112, "insights", General, roles: [], admin: true));
        var moderator = await RequestJsonAsync(bot, await SlashAsync(bot, 30113, "insights", General, roles: [Mods], admin: true));

        Assert.Contains("When does the library open", outsider, StringComparison.Ordinal);
        AssertNoLeak(outsider, "SECRET-INSIGHT");
        Assert.Contains("SECRET-INSIGHT", moderator, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgetAutocomplete_AdminWithoutTheRole_IsNotOfferedTheRoleDocument()
    {
        await using var bot = await StartAsync();

        var without = await SuggestForgetAsync(bot, 30120, roles: []);
        var with = await SuggestForgetAsync(bot, 30121, roles: [Mods]);

        Assert.Contains("Public FAQ", without, StringComparison.Ordinal);
        AssertNoLeak(without, [.. ModDocument, .. RoleDocument]);
        Assert.Contains("Staff roster", with, StringComparison.Ordinal);
        Assert.Contains("Moderator handbook", with, StringComparison.Ordinal);
    }

    private static async Task<BotHarness> StartAsync()
    {
        var bot = await BotHarness.StartAsync();
        await bot.Connection.DispatchAsync("GUILD_CREATE", GuildCreate());
        SeedMatrix(bot);
        return bot;
    }

    private static void SeedMatrix(BotHarness bot)
    {
        Seed(bot, "faq.md", "Public FAQ", "The library opens at nine.", Visibility.Everyone);
        Seed(bot, "mods.md", "Moderator handbook", "SECRET-MOD-QUOTE ban appeals go to the mod team.", Visibility.ForChannel(new AudienceChannelId(ModChat)));
        Seed(bot, "staff.md", "Staff roster", "SECRET-ROLE-QUOTE the roster lists staff.", Visibility.ForRoles([new AudienceRoleId(Mods)]));
    }

    private static void Seed(BotHarness bot, string source, string title, string text, Visibility visibility)
    {
        var scope = ScopeId.ForGuild(Guild);
        var id = DocumentId.For(scope, source);
        var record = new DocumentRecord(id, scope, title, source, new DateOnly(2026, 1, 9), DateTimeOffset.UnixEpoch, "hash", 1, 10) { Visibility = visibility };
        ((FakeBriefingService)bot.Briefing).Documents[(scope, id)] = (record, text);
    }

    /// <summary>@everyone may view; #mod-chat denies @everyone and allows Mods; a thread of each; #announcements is open.</summary>
    private static JsonObject GuildCreate() => new()
    {
        ["id"] = Id(Guild),
        ["owner_id"] = "999999",
        ["roles"] = new JsonArray(
            new JsonObject { ["id"] = Id(Guild), ["name"] = "@everyone", ["permissions"] = "3072" },
            new JsonObject { ["id"] = Id(Mods), ["name"] = "Mods", ["permissions"] = "0" }),
        ["channels"] = new JsonArray(Channel(General), Channel(ModChat, Deny(Guild), Allow(Mods)), Channel(Announcements)),
        ["threads"] = new JsonArray(Thread(ModThread, ModChat), Thread(GeneralThread, General)),
    };

    private static JsonObject Channel(ulong id, params JsonObject[] overwrites) => new()
    {
        ["id"] = Id(id),
        ["type"] = 0,
        ["guild_id"] = Id(Guild),
        ["name"] = "c" + id,
        ["permission_overwrites"] = new JsonArray(overwrites),
    };

    private static JsonObject Thread(ulong id, ulong parent) => new() { ["id"] = Id(id), ["type"] = 11, ["guild_id"] = Id(Guild), ["parent_id"] = Id(parent), ["name"] = "t" + id };

    private static JsonObject Deny(ulong role) => new() { ["id"] = Id(role), ["type"] = 0, ["allow"] = "0", ["deny"] = "1024" };

    private static JsonObject Allow(ulong role) => new() { ["id"] = Id(role), ["type"] = 0, ["allow"] = "1024", ["deny"] = "0" };

    /// <summary>
    /// Asks by mention in <paramref name="channel"/>, opens a thread on the answer with Follow up (Discord then sends
    /// THREAD_CREATE with its parent) and asks <paramref name="followUp"/> there; returns the follow-up's reply.
    /// </summary>
    private static async Task<string> FollowUpInNewThreadAsync(BotHarness bot, ulong id, ulong channel, string question, string followUp)
    {
        await bot.MessageAsync(FakeDiscordServer.Message(id, channel, Member, $"<@{FakeDiscordServer.BotUserId}> {question}", Guild, mentions: [FakeDiscordServer.BotUserId]));
        var answer = await bot.ReplyToAsync(Id(id));
        var index = bot.Server.Requests.Where(r => r.Route == "/channels/{channel_id}/messages").ToList().IndexOf(answer);
        var thread = 400000000000000000UL + (ulong)index + 1;
        var followUpButton = BotHarness.CustomIdsOf(answer).Single(c => c.StartsWith("fu:", StringComparison.Ordinal));
        var click = FakeDiscordServer.ButtonClick(id + 1, Guild, channel, Member, followUpButton, thread);
        Shape(click, channel, [Mods], null);
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", click);
        await bot.EditAsync(Id(id + 1));
        await bot.Connection.DispatchAsync("THREAD_CREATE", Thread(thread, channel));
        await bot.MessageAsync(FakeDiscordServer.Message(id + 2, thread, Member, $"<@{FakeDiscordServer.BotUserId}> {followUp}", Guild, mentions: [FakeDiscordServer.BotUserId]));
        return (await bot.ReplyToAsync(Id(id + 2))).Json!.ToJsonString(Unescaped);
    }

    /// <summary>What /forget's autocomplete offers a Manage Server admin (not Administrator) with these roles in #general.</summary>
    private static async Task<string> SuggestForgetAsync(BotHarness bot, ulong id, ulong[] roles)
    {
        var interaction = FakeDiscordServer.SlashCommand(id, Guild, General, Member, "forget",
            [new JsonObject { ["name"] = "document", ["type"] = 3, ["value"] = string.Empty, ["focused"] = true }], admin: true);
        interaction["type"] = 4;
        Shape(interaction, General, roles, null);
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", interaction);
        return (await bot.CallbackAsync(Id(id))).Json!.ToJsonString(Unescaped);
    }

    private static async Task<string> SlashAsync(BotHarness bot, ulong id, string command, ulong channel, ulong[] roles, JsonArray? options = null, ulong? parent = null, bool admin = false)
    {
        var interaction = FakeDiscordServer.SlashCommand(id, Guild, channel, Member, command, options, admin);
        Shape(interaction, channel, roles, parent);
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", interaction);
        return Id(id);
    }

    private static async Task<string> CheckAsync(BotHarness bot, ulong id, string statement, ulong[] roles)
    {
        var interaction = FakeDiscordServer.MessageCommand(id, Guild, General, Member, "Check with Briefer", FakeDiscordServer.Message(id + 1000, General, 888, statement, Guild));
        Shape(interaction, General, roles, null);
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", interaction);
        return Id(id);
    }

    private static async Task<string> ClickAsync(BotHarness bot, ulong id, string customId, ulong[] roles)
    {
        var interaction = FakeDiscordServer.ButtonClick(id, Guild, General, Member, customId, 9999);
        Shape(interaction, General, roles, null);
        await bot.Connection.DispatchAsync("INTERACTION_CREATE", interaction);
        return Id(id);
    }

    private static void Shape(JsonObject interaction, ulong channel, ulong[] roles, ulong? parent)
    {
        interaction["member"]!["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)Id(r))]);
        interaction["channel"] = parent is { } p
            ? new JsonObject { ["id"] = Id(channel), ["type"] = 11, ["guild_id"] = Id(Guild), ["parent_id"] = Id(p) }
            : new JsonObject { ["id"] = Id(channel), ["type"] = 0, ["guild_id"] = Id(Guild) };
    }

    /// <summary>Everything the bot sent Discord in reply to the interaction (its edit of the deferred response).</summary>
    private static async Task<string> RequestJsonAsync(BotHarness bot, string interactionId) =>
        (await bot.EditAsync(interactionId)).Json!.ToJsonString(Unescaped);

    /// <summary>Channel and role mentions (&lt;#id&gt;) as Discord shows them, not as \u003C escapes.</summary>
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void AssertNoLeak(string sent, params string[] hidden)
    {
        foreach (var text in hidden)
        {
            Assert.DoesNotContain(text, sent, StringComparison.Ordinal);
        }
    }

    private static string Id(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
