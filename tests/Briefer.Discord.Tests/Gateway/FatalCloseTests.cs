using Briefer.Discord.Gateway;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Gateway;

public sealed class FatalCloseTests
{
    [Theory]
    [InlineData(4004)]
    [InlineData(4014)]
    public async Task Close_FatalCode_StopsHostWithNonZeroExitCode(int code)
    {
        await using var server = await FakeDiscordServer.StartAsync();
        server.CloseOnIdentify = code;
        using var host = DiscordTestHost.Build(server, new FakeTimeProvider(), new GatewayRecorder());
        var previousExitCode = Environment.ExitCode;
        try
        {
            await host.StartAsync();

            await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(1, Environment.ExitCode);
            Assert.Single(server.AllConnections);
        }
        finally
        {
            Environment.ExitCode = previousExitCode;
        }
    }

    [Theory]
    [InlineData(4004, CloseAction.Fatal)]
    [InlineData(4010, CloseAction.Fatal)]
    [InlineData(4011, CloseAction.Fatal)]
    [InlineData(4012, CloseAction.Fatal)]
    [InlineData(4013, CloseAction.Fatal)]
    [InlineData(4014, CloseAction.Fatal)]
    [InlineData(4000, CloseAction.Resume)]
    [InlineData(4008, CloseAction.Resume)]
    [InlineData(4007, CloseAction.Reidentify)]
    [InlineData(4009, CloseAction.Reidentify)]
    [InlineData(null, CloseAction.Resume)]
    public void ActionFor_CloseCode_MatchesDiscordTable(int? code, CloseAction expected) =>
        Assert.Equal(expected, GatewayCloseCodes.ActionFor(code));

    [Fact]
    public void Backoff_ManyFailures_CappedAtSixtySeconds()
    {
        for (var failures = 1; failures < 40; failures++)
        {
            var delay = DiscordGatewayClient.Backoff(failures);
            Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task SendLimiter_OverLimit_WaitsForWindow()
    {
        // System.Threading.RateLimiting runs on the monotonic clock, so the window here is short and real.
        using var limiter = new GatewaySendLimiter(limit: 3, window: TimeSpan.FromMilliseconds(600));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 3; i++)
        {
            await limiter.WaitAsync(CancellationToken.None);
        }

        var fourth = limiter.WaitAsync(CancellationToken.None);
        Assert.False(fourth.IsCompleted);

        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(500), "the fourth send waited for the window");
    }
}

public sealed class StartupValidationTests
{
    [Fact]
    public async Task Start_NoToken_FailsNamingTheSetting()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        using var host = DiscordTestHost.Build(server, new FakeTimeProvider(), new GatewayRecorder(), new Dictionary<string, string?> { ["Discord:Token"] = " " });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Discord:Token", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
