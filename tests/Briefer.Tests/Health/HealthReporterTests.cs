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
        var gateway = bot.Host.Services.GetRequiredService<DiscordGatewayClient>();
        var reporter = new HealthReporter(
            gateway,
            bot.Host.Services.GetRequiredService<IDocumentStore>(),
            Options.Create(new HealthOptions()),
            Options.Create(new StoreOptions { DataDirectory = _data }),
            bot.Time,
            NullLogger<HealthReporter>.Instance);

        var healthy = await reporter.CheckAsync(CancellationToken.None);

        Assert.Equal(HealthReport.Healthy, healthy.Status);
        Assert.Equal("Connected", healthy.Gateway);
        Assert.Equal("ok", healthy.Store);
        Assert.Empty(healthy.Problems);
    }
}
