using System.Text.Json.Nodes;
using Briefer.Bot;
using Briefer.Core;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Tests.Bot;

/// <summary>The bot (<c>AddDiscordBot()</c>) connected to a <see cref="FakeDiscordServer"/>, on a fake clock.</summary>
public sealed class BotHarness : IAsyncDisposable
{
    private BotHarness(FakeDiscordServer server, IHost host, FakeTimeProvider time, FakeGatewayConnection connection, IBriefingService briefing)
    {
        Server = server;
        Host = host;
        Time = time;
        Connection = connection;
        Briefing = briefing;
    }

    public const ulong GuildA = 111111111111111111;
    public const ulong GuildB = 222222222222222222;
    public const ulong Channel = 333333333333333333;

    public FakeDiscordServer Server { get; }

    public IHost Host { get; }

    public FakeTimeProvider Time { get; }

    public FakeGatewayConnection Connection { get; }

    public IBriefingService Briefing { get; }

    /// <param name="realCoreDataDirectory">When set, the real knowledge core (<c>AddBrieferCore()</c>) on this data directory replaces the fake.</param>
    public static async Task<BotHarness> StartAsync(IDictionary<string, string?>? settings = null, IBriefingService? briefing = null, FakeDiscordServer? server = null, string? realCoreDataDirectory = null)
    {
        server ??= await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var all = new Dictionary<string, string?> { ["Discord:AttachmentHosts:0"] = server.CdnHost };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(DiscordTestHost.Settings(server, all));
        builder.Services.AddSingleton<TimeProvider>(time);
        if (realCoreDataDirectory is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Store:DataDirectory"] = realCoreDataDirectory });
            builder.Services.AddBrieferCore();
        }
        else
        {
            builder.Services.AddSingleton(briefing ?? new FakeBriefingService());
        }

        builder.Services.AddDiscordBot();
        var host = builder.Build();
        await host.StartAsync();
        var connection = await server.NextConnectionAsync();
        await connection.NextAsync(2);
        await host.Services.GetRequiredService<CommandRegistrar>().Completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new BotHarness(server, host, time, connection, host.Services.GetRequiredService<IBriefingService>());
    }

    /// <summary>Sends a slash command and returns its interaction id.</summary>
    public async Task<string> SlashAsync(ulong id, ulong guild, string command, JsonArray? options = null, bool admin = false, ulong user = 444, JsonObject? resolved = null)
    {
        await Connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.SlashCommand(id, guild, Channel, user, command, options, admin, resolved));
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static JsonArray Option(string name, string value, int type = 3) => [new JsonObject { ["name"] = name, ["type"] = type, ["value"] = value }];

    public Task<RecordedRequest> CallbackAsync(string interactionId) =>
        Server.WaitForRequestAsync(r => r.Route == "/interactions/{interaction_id}/{interaction_token}/callback" && r.Args["interaction_id"] == interactionId);

    public Task<RecordedRequest> EditAsync(string interactionId) =>
        Server.WaitForRequestAsync(r => r.Method == "PATCH" && r.Args["webhook_token"] == "itoken-" + interactionId);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Stops this host but keeps the server (to start a second bot against it).</summary>
    public async Task StopHostAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
    }
}
