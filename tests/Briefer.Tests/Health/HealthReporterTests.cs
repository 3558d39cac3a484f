using Briefer.Core.Conversations;
using Briefer.Core.Storage;
using Briefer.Discord.Gateway;
using Briefer.Health;
using Briefer.Tests.Bot;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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

    private HealthReporter Reporter(BotHarness bot) => new(
        bot.Host.Services.GetRequiredService<DiscordGatewayClient>(),
        bot.Host.Services.GetRequiredService<IDocumentStore>(),
        bot.Host.Services.GetRequiredService<IConversationStore>(),
        Options.Create(new HealthOptions()),
        Options.Create(new StoreOptions { DataDirectory = _data }),
        bot.Time,
        NullLogger<HealthReporter>.Instance);
}
