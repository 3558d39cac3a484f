using Briefer.Core.Conversations;
using Briefer.Core.Storage;
using Briefer.Discord.Gateway;
using Briefer.Health;
using Briefer.Core;
using Briefer.Discord.Tests.Fakes;
using Briefer.Tests.Bot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Tests.Health;

public sealed class HealthReporterTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "briefer-health-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Check_ConnectedGatewayAndWorkingStore_Healthy()
    {
        await using var bot = await BotHarness.StartAsync(realCoreDataDirectory: _data);
        var reporter = Reporter(bot);

        var healthy = await reporter.CheckAsync(CancellationToken.None);

        Assert.Equal(HealthReport.Healthy, healthy.Status);
        Assert.Equal("Connected", healthy.Gateway);
        Assert.Equal("ok", healthy.Store);
        Assert.Empty(healthy.Problems);
    }

    [Fact]
    public async Task Check_DamagedConversationDatabase_UnhealthyAndSaysWhich()
    {
        await using var bot = await BotHarness.StartAsync(realCoreDataDirectory: _data);
        var reporter = Reporter(bot);
        Assert.Equal(HealthReport.Healthy, (await reporter.CheckAsync(CancellationToken.None)).Status);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = Path.Combine(_data, "conversations.db");
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        await File.WriteAllBytesAsync(database, Enumerable.Range(0, 4096).Select(i => (byte)('x' + (i % 3))).ToArray());

        var report = await reporter.CheckAsync(CancellationToken.None);

        Assert.Equal(HealthReport.Unhealthy, report.Status);
        Assert.Equal("failed", report.Store);
        Assert.Contains(report.Problems, p => p.StartsWith("the conversation store failed: ", StringComparison.Ordinal) && p.Contains("is damaged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_GatewayNeverReady_StartingThenUnhealthyOnceTheGracePeriodIsOver()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        server.SilentConnections = 1_000; // accepted, never a HELLO: no READY however often it tries
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero));
        using var host = DiscordTestHost.Build(server, time, new GatewayRecorder(), new Dictionary<string, string?> { ["Store:DataDirectory"] = _data }, s => s.AddBrieferCore().AddConversations());
        var gateway = host.Services.GetRequiredService<DiscordGatewayClient>();
        var reporter = new HealthReporter(gateway, host.Services.GetRequiredService<IDocumentStore>(), host.Services.GetRequiredService<IConversationStore>(),
            Options.Create(new HealthOptions()), Options.Create(new StoreOptions { DataDirectory = _data }), time, NullLogger<HealthReporter>.Instance);
        await gateway.StartAsync(CancellationToken.None);
        await server.NextConnectionAsync();

        var starting = await reporter.CheckAsync(CancellationToken.None);
        // Handshake timeouts and reconnects along the way: still starting, never "reconnecting, so healthy".
        for (var i = 0; i < 17; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(10);
        }

        var stillStarting = await reporter.CheckAsync(CancellationToken.None);
        time.Advance(new HealthOptions().GatewayGracePeriod);
        var unhealthy = await reporter.CheckAsync(CancellationToken.None);
        await gateway.StopAsync(CancellationToken.None);

        Assert.Equal(HealthReport.Starting, starting.Status);
        Assert.Empty(starting.Problems);
        Assert.Equal(HealthReport.Starting, stillStarting.Status);
        Assert.Equal(HealthReport.Unhealthy, unhealthy.Status);
        Assert.Contains(unhealthy.Problems, p => p.StartsWith("the Discord gateway has not connected since 2026-02-01 12:00:00 UTC", StringComparison.Ordinal));
    }

    private HealthReporter Reporter(BotHarness bot) => new(
        bot.Host.Services.GetRequiredService<DiscordGatewayClient>(),
        bot.Host.Services.GetRequiredService<IDocumentStore>(),
        bot.Host.Services.GetRequiredService<IConversationStore>(),
        Options.Create(new HealthOptions()),
        Options.Create(new StoreOptions { DataDirectory = _data }),
        bot.Time,
        NullLogger<HealthReporter>.Instance);
}
