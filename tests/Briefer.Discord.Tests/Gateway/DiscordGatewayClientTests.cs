using System.Text.Json.Nodes;
using Briefer.Discord.Gateway;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Gateway;

public sealed class DiscordGatewayClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(45_000);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly GatewayRecorder _recorder = new();
    private FakeDiscordServer _server = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync();
        _host = DiscordTestHost.Build(_server, _time, _recorder);
    }

    public async Task DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(FakeGatewayConnection Connection, JsonNode Identify)> ConnectAsync()
    {
        await _host.StartAsync();
        var connection = await _server.NextConnectionAsync();
        var identify = await connection.NextAsync(2);
        await _recorder.Ready.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return (connection, identify);
    }

    [Fact]
    public async Task Start_Hello_IdentifiesWithTokenAndIntents()
    {
        var (connection, identify) = await ConnectAsync();

        Assert.Equal("?v=10&encoding=json", connection.Query);
        Assert.Equal(FakeDiscordServer.Token, identify["d"]!["token"]!.GetValue<string>());
        Assert.Equal(1 | (1 << 9) | (1 << 12), identify["d"]!["intents"]!.GetValue<int>());
        Assert.NotNull(identify["d"]!["properties"]!["os"]);
        var gateway = _host.Services.GetRequiredService<DiscordGatewayClient>();
        Assert.Equal(FakeDiscordServer.ApplicationId, gateway.ApplicationId!.Value.Value);
        Assert.Equal(FakeDiscordServer.BotUserId, gateway.CurrentUser!.Id.Value);
    }

    [Fact]
    public async Task Dispatch_InteractionCreate_ReachesHandler()
    {
        var (connection, _) = await ConnectAsync();

        await connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.SlashCommand(700, 800, 900, 1000, "ask"));

        var interaction = await _recorder.Interactions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(700UL, interaction.Id.Value);
        Assert.Equal(800UL, interaction.GuildId!.Value.Value);
        Assert.Equal("ask", interaction.Data!.Name);
        Assert.DoesNotContain("itoken", interaction.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_AckArrives_SendsLastSequence()
    {
        var (connection, _) = await ConnectAsync();
        await connection.DispatchAsync("GUILD_CREATE", new JsonObject());

        // The first beat's random delay can be near zero, before the dispatch is read; a later beat must carry it.
        var sequences = new List<int>();
        for (var i = 0; i < 3 && !sequences.Contains(2); i++)
        {
            var heartbeat = await _time.AdvanceUntilAsync(connection.NextAsync(1, TimeSpan.FromSeconds(15)), TimeSpan.FromSeconds(5));
            sequences.Add(heartbeat["d"]!.GetValue<int>());
        }

        Assert.Contains(2, sequences);
    }

    [Fact]
    public async Task Heartbeat_AckMissed_ClosesNon1000AndResumesWithSequence()
    {
        _server.AckHeartbeats = false;
        var (first, _) = await ConnectAsync();
        await first.DispatchAsync("GUILD_CREATE", new JsonObject());
        await first.DispatchAsync("GUILD_CREATE", new JsonObject());
        var session = first.SessionId;

        await _time.AdvanceUntilAsync(first.NextAsync(1, TimeSpan.FromSeconds(15)), TimeSpan.FromSeconds(5));
        var second = await _time.AdvanceUntilAsync(_server.NextConnectionAsync(TimeSpan.FromSeconds(15)), Interval / 4);
        var resume = await second.NextAsync(6);

        var closeCode = await first.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(1000, closeCode);
        Assert.Equal("/gateway-resume", second.Path);
        Assert.Equal(session, resume["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(3, resume["d"]!["seq"]!.GetValue<int>());
        Assert.Equal(FakeDiscordServer.Token, resume["d"]!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reconnect_Op7_ClosesAndResumes()
    {
        var (first, _) = await ConnectAsync();
        await first.DispatchAsync("GUILD_CREATE", new JsonObject());

        await first.SendAsync(new JsonObject { ["op"] = 7, ["d"] = null });
        var second = await _server.NextConnectionAsync();
        var resume = await second.NextAsync(6);

        Assert.NotEqual(1000, await first.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, resume["d"]!["seq"]!.GetValue<int>());
    }

    [Fact]
    public async Task InvalidSession_Resumable_Resumes()
    {
        var (first, _) = await ConnectAsync();

        await first.SendAsync(new JsonObject { ["op"] = 9, ["d"] = true });
        var second = await _server.NextConnectionAsync();
        var resume = await second.NextAsync(6);

        Assert.Equal(first.SessionId, resume["d"]!["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvalidSession_NotResumable_ReidentifiesAfterWait()
    {
        var (first, _) = await ConnectAsync();

        await first.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
        var second = await _time.AdvanceUntilAsync(_server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromMilliseconds(500));
        // The new IDENTIFY also waits for the bucket's next slot after the first one.
        var identify = await _time.AdvanceUntilAsync(second.NextAsync(2, TimeSpan.FromSeconds(15)), TimeSpan.FromMilliseconds(500));

        Assert.Equal("/gateway", second.Path);
        Assert.Equal(FakeDiscordServer.Token, identify["d"]!["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task Close_ResumableCode_ResumesOnResumeUrl()
    {
        var (first, _) = await ConnectAsync();

        await first.CloseAsync(4000);
        var second = await _time.AdvanceUntilAsync(_server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromSeconds(1));

        Assert.Equal("/gateway-resume", second.Path);
        await second.NextAsync(6);
    }
}
