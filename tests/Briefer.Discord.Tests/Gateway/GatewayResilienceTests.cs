using System.Text.Json.Nodes;
using Briefer.Discord.Rest;
using Briefer.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Gateway;

/// <summary>A background loop never dies silently: transient failures are retried, anything else stops the host loudly.</summary>
public sealed class GatewayResilienceTests
{
    [Fact]
    public async Task GetGatewayBot_NonJsonBody_RetriesAndConnects()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var garbled = 0;
        server.Intercept = r => r.Route == "/gateway/bot" && Interlocked.Increment(ref garbled) == 1
            ? Results.Text("<html>upstream error</html>", "text/html")
            : null;
        var time = new FakeTimeProvider();
        using var host = DiscordTestHost.Build(server, time, new GatewayRecorder());
        await host.StartAsync();

        var connection = await time.AdvanceUntilAsync(server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromMilliseconds(500));

        await connection.NextAsync(2);
        Assert.Equal(2, server.Requests.Count(r => r.Route == "/gateway/bot"));
        await host.StopAsync();
    }

    [Fact]
    public async Task GetGatewayBot_Hangs_TimeoutIsRetriedAndConnects()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var hung = 0;
        server.Intercept = r => r.Route == "/gateway/bot" && Interlocked.Increment(ref hung) == 1 ? new HangingResult() : null;
        var time = new FakeTimeProvider();
        // HttpClient's timeout runs on real time; a short one keeps the test quick.
        using var host = DiscordTestHost.Build(server, time, new GatewayRecorder(), configure: services =>
            services.AddHttpClient(DiscordRestClient.HttpClientName).ConfigureHttpClient(c => c.Timeout = TimeSpan.FromMilliseconds(200)));
        await host.StartAsync();

        var connection = await time.AdvanceUntilAsync(server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromMilliseconds(500));

        await connection.NextAsync(2);
        Assert.Equal(2, server.Requests.Count(r => r.Route == "/gateway/bot"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Execute_UnexpectedException_LogsCriticalAndStopsHostWithExitCode1()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        server.Intercept = r => r.Route == "/gateway/bot" ? Results.Json(new JsonObject { ["url"] = "::not a url::" }) : null;
        var logs = new CapturingLoggerProvider();
        using var host = DiscordTestHost.Build(server, new FakeTimeProvider(), new GatewayRecorder());
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var previousExitCode = Environment.ExitCode;
        try
        {
            await host.StartAsync();

            await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(1, Environment.ExitCode);
            Assert.Contains(logs.Lines, l => l.Contains("Critical", StringComparison.Ordinal) && l.Contains("exit code 1", StringComparison.Ordinal));
        }
        finally
        {
            Environment.ExitCode = previousExitCode;
        }
    }

    [Fact]
    public async Task Connect_NoHello_TimesOutAndReconnects()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        server.SilentConnections = 1;
        var time = new FakeTimeProvider();
        using var host = DiscordTestHost.Build(server, time, new GatewayRecorder());
        await host.StartAsync();
        var silent = await server.NextConnectionAsync();

        var second = await time.AdvanceUntilAsync(server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromSeconds(5));

        await second.NextAsync(2);
        Assert.Equal("/gateway", second.Path);
        await silent.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        await host.StopAsync();
    }

    [Fact]
    public async Task Resume_NoHello_TimesOutThenResumesSameSession()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var time = new FakeTimeProvider();
        var recorder = new GatewayRecorder();
        using var host = DiscordTestHost.Build(server, time, recorder);
        await host.StartAsync();
        var first = await server.NextConnectionAsync();
        await recorder.Ready.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        server.SilentConnections = 1;

        await first.CloseAsync(4000);
        var silent = await time.AdvanceUntilAsync(server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromSeconds(1));
        var third = await time.AdvanceUntilAsync(server.NextConnectionAsync(TimeSpan.FromSeconds(15)), TimeSpan.FromSeconds(5));
        var resume = await third.NextAsync(6);

        Assert.Equal("/gateway-resume", silent.Path);
        Assert.Equal("/gateway-resume", third.Path);
        Assert.Equal(first.SessionId, resume["d"]!["session_id"]!.GetValue<string>());
        await host.StopAsync();
    }

    private sealed class HangingResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Task.Delay(Timeout.Infinite, httpContext.RequestAborted);
    }
}
