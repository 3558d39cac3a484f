using System.Globalization;
using System.Text.Json.Nodes;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Discord.Tests.Fakes;
using Briefer.Tests.Cli;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Briefer.Tests.Bot;

/// <summary>
/// <c>/digest add|list|run|remove</c> end to end: the bot on the real core with <c>AddDigests()</c>, slash commands
/// through the fake Discord gateway, replies and posts read off the fake's REST log, schedules read from the SQLite file.
/// </summary>
public sealed class DigestCommandTests : IAsyncLifetime
{
    private const string MessagesRoute = "/channels/{channel_id}/messages";
    private const ulong Briefing = 555555555555555555;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "briefer-digest-bot-" + Guid.NewGuid().ToString("N"));
    private BotHarness _bot = null!;
    private ulong _nextId = 7000;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync(realCoreDataDirectory: _dataDirectory, digests: true);

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [Fact]
    public async Task AddListRunRemove_Admin_StoresListsPostsSilentlyAndDeletes()
    {
        await IngestAsync("venezuela-prisoner-release-reactions.md");

        var added = await ReplyAsync(Add(timezone: "Europe/Madrid"));
        Assert.Contains("Digest #1 added", added, StringComparison.Ordinal);
        Assert.Contains("daily at 08:00 (Europe/Madrid)", added, StringComparison.Ordinal);
        Assert.Contains($"<#{Briefing}>", added, StringComparison.Ordinal);
        Assert.Equal([(Briefing.ToString(CultureInfo.InvariantCulture), "Venezuela prisoner release", "Europe/Madrid")], await StoredAsync());

        var list = await EmbedAsync(Sub("list"));
        var field = Assert.Single(list["fields"]!.AsArray());
        Assert.Equal("#1 · Venezuela prisoner release", field!["name"]!.GetValue<string>());
        var value = field["value"]!.GetValue<string>();
        Assert.Contains("daily at 08:00 (Europe/Madrid)", value, StringComparison.Ordinal);
        Assert.Contains("Next: 2026-02-02 08:00", value, StringComparison.Ordinal); // 07:00 UTC, in Madrid's zone
        Assert.Contains("Last: not run yet", value, StringComparison.Ordinal);

        var ran = await ReplyAsync(Sub("run", ("id", "1")));
        Assert.True(ran.StartsWith("Digest #1: Posted", StringComparison.Ordinal), ran);
        var post = await _bot.Server.WaitForRequestAsync(r => r.Method == "POST" && r.Route == MessagesRoute);
        Assert.Equal(Briefing.ToString(CultureInfo.InvariantCulture), post.Args["channel_id"]);
        Assert.Empty(post.Json!["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(1 << 12, post.Json["flags"]!.GetValue<int>() & (1 << 12)); // SUPPRESS_NOTIFICATIONS
        Assert.Equal("Digest: Venezuela prisoner release", post.Json["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Contains("[1]", post.Json["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        var after = (await EmbedAsync(Sub("list")))["fields"]![0]!["value"]!.GetValue<string>();
        Assert.Contains("Last: 2026-02-01 13:01: posted", after, StringComparison.OrdinalIgnoreCase);

        var removed = await ReplyAsync(Sub("remove", ("id", "#1")));
        Assert.Contains("Removed digest #1", removed, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
        Assert.Contains("no digests", await ReplyAsync(Sub("list")), StringComparison.Ordinal);
        Assert.Empty(_bot.Server.ValidationErrors);
    }

    [Fact]
    public async Task Digest_NonAdmin_RefusedEphemeralNothingStored()
    {
        var id = await _bot.SlashAsync(_nextId++, BotHarness.GuildA, "digest", Add(), admin: false, resolved: Resolved());
        var callback = await _bot.CallbackAsync(id);

        Assert.Equal(4, callback.Json!["type"]!.GetValue<int>());
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.Contains("Manage Server", callback.Json["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [Theory]
    [InlineData("Madrid", "08:00", "'Madrid' is not a time zone")]
    [InlineData("Europe/Madrid", "8am", "'8am' is not a time of day")]
    public async Task Add_BadZoneOrTime_OneEphemeralLineNothingStored(string timezone, string at, string expected)
    {
        var id = await _bot.SlashAsync(_nextId++, BotHarness.GuildA, "digest", Add(timezone: timezone, at: at), admin: true, resolved: Resolved());
        var callback = await _bot.CallbackAsync(id);

        var content = callback.Json!["data"]!["content"]!.GetValue<string>();
        Assert.Equal(64, callback.Json["data"]!["flags"]!.GetValue<int>());
        Assert.StartsWith(expected, content, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', content);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Add_VoiceChannel_RefusedWithWhatToPick()
    {
        var id = await _bot.SlashAsync(_nextId++, BotHarness.GuildA, "digest", Add(), admin: true, resolved: Resolved(type: 2));
        var callback = await _bot.CallbackAsync(id);

        Assert.Contains("text or announcement channel", callback.Json!["data"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task Run_ChannelGone_DisablesAndListShowsTheNote()
    {
        await IngestAsync("venezuela-prisoner-release-reactions.md");
        await ReplyAsync(Add());
        _bot.Server.Intercept = r => r.Route == MessagesRoute && r.Method == "POST" ? Results.Json(new { code = 10003, message = "Unknown Channel" }, statusCode: 404) : null;

        var ran = await ReplyAsync(Sub("run", ("id", "1")));
        var field = (await EmbedAsync(Sub("list")))["fields"]![0]!["value"]!.GetValue<string>();

        Assert.StartsWith("Digest #1:", ran, StringComparison.Ordinal);
        Assert.Contains($"Disabled: The channel <#{Briefing}> no longer exists", field, StringComparison.Ordinal);
        Assert.Contains("Next: none while disabled", field, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAndRemove_UnknownId_SayWhereToLook()
    {
        Assert.Contains("no digest #9", await ReplyAsync(Sub("run", ("id", "9"))), StringComparison.Ordinal);
        Assert.Contains("no digest #9", await ReplyAsync(Sub("remove", ("id", "9"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autocomplete_TimeZone_OffersIanaIds()
    {
        var options = Add(timezone: "madr");
        options[0]!["options"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "timezone")!["focused"] = true;
        var interaction = FakeDiscordServer.SlashCommand(_nextId++, BotHarness.GuildA, BotHarness.Channel, 444, "digest", options, admin: true);
        interaction["type"] = 4;
        await _bot.Connection.DispatchAsync("INTERACTION_CREATE", interaction);
        var callback = await _bot.Server.WaitForRequestAsync(r => r.Route == "/interactions/{interaction_id}/{interaction_token}/callback" && r.Json?["type"]?.GetValue<int>() == 8);

        Assert.Contains("Europe/Madrid", callback.Json!["data"]!["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));
    }

    private async Task IngestAsync(string sample)
    {
        var path = Path.Combine(CliRunner.SamplesDirectory, sample);
        await _bot.Briefing.IngestAsync(ScopeId.ForGuild(BotHarness.GuildA), new DocumentSource(path, sample, await File.ReadAllBytesAsync(path)), default);
        _bot.Time.Advance(TimeSpan.FromMinutes(1)); // a digest covers what came before the moment it runs
    }

    /// <summary>Sends <c>/digest</c> and returns the text of its (edited) private reply.</summary>
    private async Task<string> ReplyAsync(JsonArray options)
    {
        var id = await _bot.SlashAsync(_nextId++, BotHarness.GuildA, "digest", options, admin: true, resolved: Resolved());
        var edit = await _bot.EditAsync(id);
        return edit.Json!["content"]?.GetValue<string>() ?? edit.Json["embeds"]![0]!["description"]!.GetValue<string>();
    }

    private async Task<JsonObject> EmbedAsync(JsonArray options)
    {
        var id = await _bot.SlashAsync(_nextId++, BotHarness.GuildA, "digest", options, admin: true);
        return (await _bot.EditAsync(id)).Json!["embeds"]![0]!.AsObject();
    }

    /// <summary>The server's schedules as the SQLite file holds them; none when the schedule table was never created.</summary>
    private async Task<List<(string Channel, string Topic, string Zone)>> StoredAsync()
    {
        var path = Path.Combine(_dataDirectory, "briefer.db");
        if (!File.Exists(path))
        {
            return [];
        }

        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'digest_schedules'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
        {
            return [];
        }

        var command = connection.CreateCommand();
        command.CommandText = "SELECT channel_id, topic, time_zone FROM digest_schedules WHERE scope = $scope";
        command.Parameters.AddWithValue("$scope", ScopeId.ForGuild(BotHarness.GuildA).Value);
        var rows = new List<(string, string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private static JsonArray Add(string? timezone = null, string at = "08:00")
    {
        var options = new List<(string, string)> { ("channel", Briefing.ToString(CultureInfo.InvariantCulture)), ("topic", "Venezuela prisoner release"), ("every", "daily"), ("at", at) };
        if (timezone is not null)
        {
            options.Add(("timezone", timezone));
        }

        return Sub("add", [.. options]);
    }

    private static JsonArray Sub(string name, params (string Name, string Value)[] options)
    {
        var inner = new JsonArray();
        foreach (var (optionName, value) in options)
        {
            inner.Add(new JsonObject { ["name"] = optionName, ["type"] = optionName == "channel" ? 7 : 3, ["value"] = value });
        }

        return [new JsonObject { ["name"] = name, ["type"] = 1, ["options"] = inner }];
    }

    private static JsonObject Resolved(int type = 0)
    {
        var id = Briefing.ToString(CultureInfo.InvariantCulture);
        return new JsonObject { ["channels"] = new JsonObject { [id] = new JsonObject { ["id"] = id, ["type"] = type, ["name"] = "briefing" } } };
    }
}
