using System.Diagnostics;
using System.Text.Json.Nodes;
using Briefer.Core.Documents;
using Briefer.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace Briefer.Tests.Bot;

public sealed class BotScenarioTests
{
    private static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(3);

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static async Task<FakeBriefingService> WithDocumentAsync(BotHarness bot, ulong guild, string name = "report.txt", string text = "Budget report\nThe budget grew by 4 percent.")
    {
        var fake = (FakeBriefingService)bot.Briefing;
        await fake.IngestAsync(ScopeId.ForGuild(guild), new Core.Ingestion.DocumentSource("attachment:" + name, name, System.Text.Encoding.UTF8.GetBytes(text)), CancellationToken.None);
        return fake;
    }

    [Fact]
    public async Task Ask_Interaction_DefersWithinDeadlineThenEditsWithCitations()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);

        var id = await bot.SlashAsync(1001, BotHarness.GuildA, "ask", BotHarness.Option("question", "How much did the budget grow?"));
        var callback = await bot.CallbackAsync(id);
        var edit = await bot.EditAsync(id);

        Assert.Equal(5, callback.Json!["type"]!.GetValue<int>());
        Assert.InRange(Milliseconds(bot.Connection.InteractionSentAt[id], callback.ReceivedAt), 0, AckDeadline.TotalMilliseconds);
        var embed = edit.Json!["embeds"]![0]!;
        Assert.Contains("[1]", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("[1] Budget report — report.txt (2026-01-09)", embed["fields"]![0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(edit.Json["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(FakeDiscordServer.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), edit.Args["webhook_id"]);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Start_CommandsChangedOrNot_BulkOverwritesOnlyWhenChanged()
    {
        var server = await FakeDiscordServer.StartAsync();
        var first = await BotHarness.StartAsync(server: server);
        var put = await server.WaitForRequestAsync(r => r.Method == "PUT");
        await first.StopHostAsync();

        await using var second = await BotHarness.StartAsync(server: server);

        Assert.Equal("/applications/{application_id}/commands", put.Route);
        var commands = put.Json!.AsArray();
        Assert.Equal(["ask", "brief", "sources", "ingest", "forget", "Ask Briefer", "Check with Briefer", "Save to Briefer", "insights", "digest", "autoanswer"], commands.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("32", commands.Single(c => c!["name"]!.GetValue<string>() == "ingest")!["default_member_permissions"]!.GetValue<string>());
        Assert.Equal(1, server.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(2, server.Requests.Count(r => r.Method == "GET" && r.Route.EndsWith("/commands", StringComparison.Ordinal)));
        Assert.Empty(server.ValidationErrors);
    }

    [Fact]
    public async Task Start_DevGuildId_RegistersForThatGuild()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Discord:DevGuildId"] = "999" });

        var put = await bot.Server.WaitForRequestAsync(r => r.Method == "PUT");

        Assert.Equal("999", put.Args["guild_id"]);
    }

    [Fact]
    public async Task Mention_InChannel_RepliesToThatMessage()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);

        await bot.Connection.DispatchAsync("MESSAGE_CREATE", Message(BotHarness.GuildA, $"<@{FakeDiscordServer.BotUserId}> how much did the budget grow?", mentionBot: true));
        var reply = await bot.Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages");

        Assert.Equal("777", reply.Json!["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.Contains("[1]", reply.Json["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(reply.Json["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Mention_ServiceThrows_RepliesSomethingWentWrongPingingNobody()
    {
        await using var bot = await BotHarness.StartAsync();
        ((FakeBriefingService)bot.Briefing).AskFailure = new InvalidOperationException("boom");

        await bot.Connection.DispatchAsync("MESSAGE_CREATE", Message(BotHarness.GuildA, $"<@{FakeDiscordServer.BotUserId}> how much did the budget grow?", mentionBot: true));
        var reply = await bot.Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages");

        Assert.Equal("777", reply.Json!["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.Contains("something went wrong", reply.Json["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("boom", reply.Json["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(reply.Json["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Message_WithoutMention_IsIgnored()
    {
        await using var bot = await BotHarness.StartAsync();

        await bot.Connection.DispatchAsync("MESSAGE_CREATE", Message(BotHarness.GuildA, "just chatting", mentionBot: false));
        await bot.Connection.DispatchAsync("MESSAGE_CREATE", Message(BotHarness.GuildA, $"<@{FakeDiscordServer.BotUserId}> hello?", mentionBot: true, id: 778));
        var reply = await bot.Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages");

        Assert.Equal("778", reply.Json!["message_reference"]!["message_id"]!.GetValue<string>());
        Assert.Single(bot.Server.Requests, r => r.Route == "/channels/{channel_id}/messages");
    }

    [Fact]
    public async Task DirectMessage_NoDmScope_ExplainsItAnswersInServers()
    {
        await using var bot = await BotHarness.StartAsync();

        await bot.Connection.DispatchAsync("MESSAGE_CREATE", Message(null, "what is in the report?", mentionBot: false));
        var reply = await bot.Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages");

        Assert.Contains("servers", reply.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(reply.Json["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task DirectMessage_DmScopeConfigured_AnswersFromThatScope()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Discord:DmScope"] = BotHarness.GuildA.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await WithDocumentAsync(bot, BotHarness.GuildA);

        await bot.Connection.DispatchAsync("MESSAGE_CREATE", Message(null, "how much did the budget grow?", mentionBot: false));
        var reply = await bot.Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages");

        Assert.Contains("[1]", reply.Json!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_NonAdmin_RefusedEphemeralNothingStored()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Server.Files["notes.txt"] = "Notes\nSecret plans."u8.ToArray();

        var id = await bot.SlashAsync(2001, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9001", 11), admin: false, resolved: Attachment(bot, "9001", "notes.txt"));
        var callback = await bot.CallbackAsync(id);

        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("Manage Server", callback.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(((FakeBriefingService)bot.Briefing).Documents);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Ingest_AdminAttachment_StoredInThatGuildOnly()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Server.Files["notes.txt"] = "Team notes\nThe launch moved to March."u8.ToArray();

        var id = await bot.SlashAsync(2002, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9002", 11), admin: true, resolved: Attachment(bot, "9002", "notes.txt"));
        var callback = await bot.CallbackAsync(id);
        var edit = await bot.EditAsync(id);

        Assert.Equal(5, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("Loaded **Team notes** — 3 chunks", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = Assert.Single(((FakeBriefingService)bot.Briefing).Documents);
        Assert.Equal(ScopeId.ForGuild(BotHarness.GuildA), stored.Key.Scope);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Ingest_SameFileNameNewContent_ReplySaysItReplacedTheEarlierOne()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Server.Files["notes.txt"] = "Team notes\nThe launch moved to March."u8.ToArray();
        await bot.EditAsync(await bot.SlashAsync(2101, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9101", 11), admin: true, resolved: Attachment(bot, "9101", "notes.txt")));
        bot.Server.Files["notes.txt"] = "Team notes\nThe launch moved to April."u8.ToArray();

        var edit = await bot.EditAsync(await bot.SlashAsync(2102, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9102", 11), admin: true, resolved: Attachment(bot, "9102", "notes.txt")));

        Assert.StartsWith("Replaced the earlier 'notes.txt' with **Team notes**", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(((FakeBriefingService)bot.Briefing).Documents);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Ingest_TwoPastedMessageTxt_KeptAsTwoDocumentsShownByFileName()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Server.Files["message.txt"] = "First paste\nThe budget grew."u8.ToArray();
        var first = await bot.EditAsync(await bot.SlashAsync(2201, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9201", 11), admin: true, resolved: Attachment(bot, "9201", "message.txt")));
        bot.Server.Files["message.txt"] = "Second paste\nThe budget shrank."u8.ToArray();
        var second = await bot.EditAsync(await bot.SlashAsync(2202, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9202", 11), admin: true, resolved: Attachment(bot, "9202", "message.txt")));

        var sources = (await bot.EditAsync(await bot.SlashAsync(2203, BotHarness.GuildA, "sources"))).Json!["embeds"]![0]!["description"]!.GetValue<string>();

        Assert.StartsWith("Loaded **First paste**", first.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Loaded **Second paste**", second.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, ((FakeBriefingService)bot.Briefing).Documents.Count);
        Assert.Matches(@"\*\*First paste\*\* — message-[0-9a-f]{8}\.txt", sources);
        Assert.Matches(@"\*\*Second paste\*\* — message-[0-9a-f]{8}\.txt", sources);
        Assert.DoesNotContain("attachment:", sources, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_AttachmentFromOtherHost_Refused()
    {
        await using var bot = await BotHarness.StartAsync();
        var resolved = new JsonObject { ["attachments"] = new JsonObject { ["9003"] = new JsonObject { ["id"] = "9003", ["filename"] = "x.txt", ["size"] = 10, ["url"] = "https://evil.example/x.txt" } } };

        var id = await bot.SlashAsync(2003, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9003", 11), admin: true, resolved: resolved);
        var edit = await bot.EditAsync(id);

        Assert.Contains("not on Discord's CDN", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(((FakeBriefingService)bot.Briefing).Documents);
    }

    [Fact]
    public async Task Ingest_UrlToLoopback_RefusedWithClearMessage()
    {
        await using var bot = await BotHarness.StartAsync();

        var id = await bot.SlashAsync(2004, BotHarness.GuildA, "ingest", BotHarness.Option("url", "http://127.0.0.1/admin"), admin: true);
        var edit = await bot.EditAsync(id);

        Assert.Contains("cannot fetch that address", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_OtherGuild_DoesNotSeeDocuments()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Server.Files["a.txt"] = "Guild A plan\nOnly guild A knows this."u8.ToArray();
        var ingest = await bot.SlashAsync(3001, BotHarness.GuildA, "ingest", BotHarness.Option("file", "9100", 11), admin: true, resolved: Attachment(bot, "9100", "a.txt"));
        await bot.EditAsync(ingest);

        var inB = await bot.SlashAsync(3002, BotHarness.GuildB, "ask", BotHarness.Option("question", "What does guild A know?"), user: 501);
        var inA = await bot.SlashAsync(3003, BotHarness.GuildA, "ask", BotHarness.Option("question", "What does guild A know?"), user: 502);
        var answerB = (await bot.EditAsync(inB)).Json!["embeds"]![0]!;
        var answerA = (await bot.EditAsync(inA)).Json!["embeds"]![0]!;

        Assert.DoesNotContain("Only guild A", answerB.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(answerB["fields"]?.AsArray().FirstOrDefault());
        Assert.Contains("Only guild A", answerA["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_Autocomplete_OffersThisGuildsDocuments()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA, "budget.txt");
        await WithDocumentAsync(bot, BotHarness.GuildB, "other.txt", "Other\nNot here.");
        var data = FakeDiscordServer.SlashCommand(4001, BotHarness.GuildA, BotHarness.Channel, 444, "forget",
            [new JsonObject { ["name"] = "document", ["type"] = 3, ["value"] = "budg", ["focused"] = true }], admin: true);
        data["type"] = 4;

        await bot.Connection.DispatchAsync("INTERACTION_CREATE", data);
        var callback = await bot.CallbackAsync("4001");

        Assert.Equal(8, callback.Json!["type"]!.GetValue<int>());
        var choice = Assert.Single(callback.Json["data"]!["choices"]!.AsArray());
        Assert.Equal(DocumentId.For(ScopeId.ForGuild(BotHarness.GuildA), "attachment:budget.txt").Value, choice!["value"]!.GetValue<string>());
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Forget_Admin_RemovesDocument()
    {
        await using var bot = await BotHarness.StartAsync();
        var fake = await WithDocumentAsync(bot, BotHarness.GuildA);
        var docId = fake.Documents.Keys.Single().Id.Value;

        var id = await bot.SlashAsync(4002, BotHarness.GuildA, "forget", BotHarness.Option("document", docId), admin: true);
        var edit = await bot.EditAsync(id);

        Assert.Contains("Removed", edit.Json!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(fake.Documents);
    }

    [Fact]
    public async Task Sources_Always_ListsThisGuildsDocuments()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);

        var id = await bot.SlashAsync(4003, BotHarness.GuildA, "sources");
        var edit = await bot.EditAsync(id);

        Assert.Contains("Budget report", edit.Json!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_Since_ParsedAndCited()
    {
        await using var bot = await BotHarness.StartAsync();
        await WithDocumentAsync(bot, BotHarness.GuildA);

        var options = new JsonArray(new JsonObject { ["name"] = "topic", ["type"] = 3, ["value"] = "budget" }, new JsonObject { ["name"] = "since", ["type"] = 3, ["value"] = "7d" });
        var id = await bot.SlashAsync(4004, BotHarness.GuildA, "brief", options);
        var embed = (await bot.EditAsync(id)).Json!["embeds"]![0]!;

        Assert.StartsWith("• ", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("2026-01-25", embed["footer"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Brief_BadSince_RefusedAtOnce()
    {
        await using var bot = await BotHarness.StartAsync();

        var options = new JsonArray(new JsonObject { ["name"] = "topic", ["type"] = 3, ["value"] = "budget" }, new JsonObject { ["name"] = "since", ["type"] = 3, ["value"] = "lately" });
        var callback = await bot.CallbackAsync(await bot.SlashAsync(4005, BotHarness.GuildA, "brief", options));

        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Contains("7d", callback.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_429_RetriedAfterRetryAfter()
    {
        await using var bot = await BotHarness.StartAsync();
        var seen = new List<DateTimeOffset>();
        bot.Server.Intercept = r =>
        {
            if (r.Method != "PATCH")
            {
                return null;
            }

            lock (seen)
            {
                seen.Add(bot.Time.GetUtcNow());
                return seen.Count == 1 ? Results.Json(new { message = "You are being rate limited.", retry_after = 1.5, global = false }, statusCode: 429) : null;
            }
        };

        await bot.SlashAsync(5001, BotHarness.GuildA, "ask", BotHarness.Option("question", "anything at all?"));
        var retried = bot.Server.WaitForRequestAsync(r => r.Method == "PATCH" && bot.Server.Requests.Count(x => x.Method == "PATCH") == 2);
        await bot.Time.AdvanceUntilAsync(retried, TimeSpan.FromMilliseconds(250));

        Assert.Equal(2, seen.Count);
        Assert.True(seen[1] - seen[0] >= TimeSpan.FromSeconds(1.5), $"retried after {seen[1] - seen[0]}");
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Ask_ServiceThrows_AskerToldAndWorkerSurvives()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Discord:MaxConcurrency"] = "1" });
        var fake = (FakeBriefingService)bot.Briefing;
        fake.AskFailure = new InvalidOperationException("boom");

        var first = await bot.SlashAsync(5101, BotHarness.GuildA, "ask", BotHarness.Option("question", "first question?"));
        var followup = await bot.Server.WaitForRequestAsync(r => r.Route == "/webhooks/{webhook_id}/{webhook_token}" && r.Args["webhook_token"] == "itoken-" + first);
        fake.AskFailure = null;
        var next = await bot.EditAsync(await bot.SlashAsync(5102, BotHarness.GuildA, "ask", BotHarness.Option("question", "second question?"), user: 445));

        Assert.Single(bot.Server.Requests, r => r.Method == "DELETE" && r.Args["webhook_token"] == "itoken-" + first);
        Assert.Equal(64, followup.Json!["flags"]!.GetValue<int>());
        Assert.Contains("something went wrong", followup.Json["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("boom", followup.Json["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(next.Json!["embeds"]![0]);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Ask_OverUserRateLimit_PoliteEphemeralRefusal()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Discord:UserRateLimit"] = "2" });

        await bot.CallbackAsync(await bot.SlashAsync(6001, BotHarness.GuildA, "ask", BotHarness.Option("question", "one?")));
        await bot.CallbackAsync(await bot.SlashAsync(6002, BotHarness.GuildA, "ask", BotHarness.Option("question", "two?")));
        var third = await bot.CallbackAsync(await bot.SlashAsync(6003, BotHarness.GuildA, "ask", BotHarness.Option("question", "three?")));

        Assert.Equal(4, third.Json!["type"]!.GetValue<int>());
        Assert.Equal(64, third.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("try again in", third.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonObject Attachment(BotHarness bot, string id, string name) => new()
    {
        ["attachments"] = new JsonObject
        {
            [id] = new JsonObject { ["id"] = id, ["filename"] = name, ["size"] = bot.Server.Files[name].Length, ["url"] = bot.Server.AttachmentUrl(name) + "?ex=1&is=2&hm=3", ["content_type"] = "text/plain; charset=utf-8" },
        },
    };

    private static JsonObject Message(ulong? guild, string content, bool mentionBot, ulong id = 777)
    {
        var message = new JsonObject
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["channel_id"] = BotHarness.Channel.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["author"] = new JsonObject { ["id"] = "555", ["username"] = "asker" },
            ["content"] = content,
            ["type"] = 0,
            ["mentions"] = mentionBot
                ? new JsonArray(new JsonObject { ["id"] = FakeDiscordServer.BotUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["username"] = "briefer", ["bot"] = true })
                : new JsonArray(),
        };
        if (guild is { } g)
        {
            message["guild_id"] = g.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return message;
    }
}
