using Briefer.Discord.Gateway;
using Briefer.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Gateway;

/// <summary>What operators see of the gateway: its state for health checks, and retries that say when the next try is.</summary>
public sealed class GatewayStateTests
{
    [Fact]
    public async Task GatewayUrlFails_LogsTheNextDelay_ThenStateIsConnectedAfterReady()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var failed = 0;
        server.Intercept = r => r.Route == "/gateway/bot" && Interlocked.Increment(ref failed) == 1
            ? Results.Text("<html>upstream error</html>", "text/html")
            : null;
        var time = new FakeTimeProvider();
        var recorder = new GatewayRecorder();
        var logs = new CapturingLoggerProvider();
        using var host = DiscordTestHost.Build(server, time, recorder);
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var client = host.Services.GetRequiredService<DiscordGatewayClient>();
        Assert.Equal(GatewayConnectionState.NotStarted, client.State);
        await host.StartAsync();

        await time.AdvanceUntilAsync(server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromMilliseconds(500));
        await recorder.Ready.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Contains(logs.Lines, l => l.Contains("next try in", StringComparison.Ordinal));
        Assert.Equal(GatewayConnectionState.Connected, client.State);
        await host.StopAsync();
    }
}
