using System.Text.Json.Nodes;
using Briefer.Bot;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Claims;
using Briefer.Core.Ingestion;
using Briefer.Digests;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Tests.Bot;

/// <summary>The bot (<c>AddDiscordBot()</c>) connected to a <see cref="FakeDiscordServer"/>, on a fake clock.</summary>
public sealed class BotHarness : IAsyncDisposable
{
    private BotHarness(FakeDiscordServer server, IHost host, FakeTimeProvider time, FakeGatewayConnection connection, IBriefingService briefing, string dataDirectory, bool ownsDataDirectory)
    {
        Server = server;
        Host = host;
        Time = time;
        Connection = connection;
        Briefing = briefing;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    private readonly bool _ownsDataDirectory;

    public const ulong GuildA = 111111111111111111;
    public const ulong GuildB = 222222222222222222;
    public const ulong Channel = 333333333333333333;

    public FakeDiscordServer Server { get; }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public FakeGatewayConnection Connection { get; }

    public IBriefingService Briefing { get; }

    /// <summary>Where this bot keeps its conversation database (and, with the real core, its documents).</summary>
    public string DataDirectory { get; }

    /// <param name="realCoreDataDirectory">When set, the real knowledge core (<c>AddBrieferCore()</c>) on this data directory replaces the fake.</param>
    /// <param name="dataDirectory">The data directory to use (to restart a bot on the same conversations); a fresh temporary one when null.</param>
    /// <param name="digests">Adds scheduled digests (<c>AddDigests()</c>, the scheduler included); needs the real core.</param>
    /// <param name="systemClock">The bot runs on the system clock (rate-limit resets pass in real time, as against Discord); <see cref="Time"/> then drives nothing.</param>
    public static async Task<BotHarness> StartAsync(IDictionary<string, string?>? settings = null, IBriefingService? briefing = null, FakeDiscordServer? server = null, string? realCoreDataDirectory = null, string? dataDirectory = null, FakeTimeProvider? time = null, bool digests = false, bool systemClock = false)
    {
        server ??= await FakeDiscordServer.StartAsync();
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero));
        var ownsDataDirectory = dataDirectory is null && realCoreDataDirectory is null;
        dataDirectory ??= realCoreDataDirectory ?? Path.Combine(Path.GetTempPath(), "briefer-bot-" + Guid.NewGuid().ToString("N"));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var all = new Dictionary<string, string?> { ["Discord:AttachmentHosts:0"] = server.CdnHost, ["Store:DataDirectory"] = dataDirectory };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(DiscordTestHost.Settings(server, all));
        builder.Services.AddSingleton(systemClock ? TimeProvider.System : time);
        if (realCoreDataDirectory is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Store:DataDirectory"] = realCoreDataDirectory });
            builder.Services.AddBrieferCore();
        }
        else
        {
            var fake = briefing ?? new FakeBriefingService();
            builder.Services.AddSingleton(fake);
            // A test's own briefing double (one that hangs, say) gets a claim checker over no documents.
            builder.Services.AddSingleton<IClaimChecker>(new FakeClaimChecker(fake as FakeBriefingService ?? new FakeBriefingService()));
            builder.Services.AddDocumentExtraction();
        }

        builder.Services.AddDiscordBot();
        if (digests)
        {
            builder.Services.AddDigests();
        }

        var host = builder.Build();
        await host.StartAsync();
        var connection = await server.NextConnectionAsync();
        await connection.NextAsync(2);
        await host.Services.GetRequiredService<CommandRegistrar>().Completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new BotHarness(server, host, time, connection, host.Services.GetRequiredService<IBriefingService>(), dataDirectory, ownsDataDirectory);
    }

    /// <summary>Sends a slash command and returns its interaction id.</summary>
    public async Task<string> SlashAsync(ulong id, ulong guild, string command, JsonArray? options = null, bool admin = false, ulong user = 444, JsonObject? resolved = null)
    {
        await Connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.SlashCommand(id, guild, Channel, user, command, options, admin, resolved));
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Sends MESSAGE_CREATE and returns the message's id as text.</summary>
    public async Task<string> MessageAsync(JsonObject message)
    {
        await Connection.DispatchAsync("MESSAGE_CREATE", message);
        return message["id"]!.GetValue<string>();
    }

    /// <summary>Clicks a button of message <paramref name="messageId"/> and returns the interaction id.</summary>
    public async Task<string> ClickAsync(ulong id, string customId, ulong messageId, ulong guild = GuildA, ulong user = 444, ulong channel = Channel, int channelType = 0)
    {
        await Connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.ButtonClick(id, guild, channel, user, customId, messageId, channelType));
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The bot's reply to message <paramref name="messageId"/> (a Create Message carrying it as the reference).</summary>
    public Task<RecordedRequest> ReplyToAsync(string messageId) =>
        Server.WaitForRequestAsync(r => r.Route == "/channels/{channel_id}/messages" && r.Json?["message_reference"]?["message_id"]?.GetValue<string>() == messageId);

    /// <summary>The custom ids of the buttons on a message the bot sent.</summary>
    public static List<string> CustomIdsOf(RecordedRequest request) =>
        request.Json?["components"]?.AsArray().SelectMany(row => row!["components"]!.AsArray()).Select(b => b!["custom_id"]!.GetValue<string>()).ToList() ?? [];

    public static JsonArray Option(string name, string value, int type = 3) => [new JsonObject { ["name"] = name, ["type"] = type, ["value"] = value }];

    public Task<RecordedRequest> CallbackAsync(string interactionId) =>
        Server.WaitForRequestAsync(r => r.Route == "/interactions/{interaction_id}/{interaction_token}/callback" && r.Args["interaction_id"] == interactionId);

    public Task<RecordedRequest> EditAsync(string interactionId) =>
        Server.WaitForRequestAsync(r => r.Method == "PATCH" && r.Args.GetValueOrDefault("webhook_token") == "itoken-" + interactionId);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
        await Server.DisposeAsync();
        if (_ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    /// <summary>Stops this host but keeps the server (to start a second bot against it).</summary>
    public async Task StopHostAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
    }
}
