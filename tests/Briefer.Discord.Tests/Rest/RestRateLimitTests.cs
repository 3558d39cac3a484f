using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Rest;

/// <summary>
/// Rate-limit buckets keyed as Discord keys them (bucket hash + major parameters) over the Kestrel fake with
/// Discord-like headers: an interaction never waits on another interaction's bucket, nor on the global limit.
/// The bot's clock is fake and never advanced, so any wait the limiter imposes shows as a request that never goes.
/// </summary>
public sealed class RestRateLimitTests : IAsyncLifetime
{
    private static readonly AppId App = new(FakeDiscordServer.ApplicationId);
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();
    private FakeDiscordServer _server = null!;
    private IHost _host = null!;

    private DiscordRestClient Rest => _host.Services.GetRequiredService<DiscordRestClient>();

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync();
        // Two per 2 s per bucket: the second call on a bucket leaves it empty.
        _server.RateLimits = new FakeRateLimits(perBucket: 2, TimeSpan.FromSeconds(2));
        _host = DiscordTestHost.Build(_server, _time, new GatewayRecorder(), configure: s => s.AddLogging(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug)));
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task InteractionCallback_AnotherInteractionsBucketEmpty_SentAtOnce()
    {
        // Interaction 1 empties its own callback bucket (and the client learns the route's bucket hash).
        await Callback(1, "token-1");
        await Callback(1, "token-1");

        var others = Enumerable.Range(2, 20).Select(i => Callback((ulong)i, "token-" + i)).ToList();

        await Task.WhenAll(others).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(_server.RateLimits!.Refused);
    }

    [Fact]
    public async Task EditOriginal_AnotherTokensWebhookBucketEmpty_SentAtOnce()
    {
        await Edit("token-a");
        await Edit("token-a");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Edit("token-b" + i))).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(_server.RateLimits!.Refused);
    }

    [Fact]
    public async Task EditOriginal_SameTokenBucketEmpty_WaitsForReset()
    {
        await Edit("token-a");
        await Edit("token-a");

        var third = Edit("token-a");
        await Task.Delay(100);

        Assert.False(third.IsCompleted);
        Assert.Empty(_server.RateLimits!.Refused);
    }

    [Fact]
    public async Task InteractionRoutes_GlobalPauseAndBusySecond_NotHeldBack()
    {
        var limiter = new RestRateLimiter(_time, globalPerSecond: 3);
        limiter.OnRateLimited(RestRoute.Plain("GET /gateway/bot"), TimeSpan.FromSeconds(30), global: true);

        var gateway = limiter.WaitAsync(RestRoute.Plain("GET /gateway/bot"), CancellationToken.None);
        await limiter.WaitAsync(RestRoute.ForInteraction("POST /interactions/:id/:token/callback", new InteractionId(1), "t1"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await limiter.WaitAsync(RestRoute.ForInteractionWebhook("PATCH /webhooks/:application/:token/messages/@original", App, "t1"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(gateway.IsCompleted);
    }

    [Fact]
    public async Task GlobalLimit_MoreThanLimitInOneSecond_RestWaitForTheNextSecond()
    {
        var limiter = new RestRateLimiter(_time, globalPerSecond: 3);
        var channel = RestRoute.ForChannel("POST /channels/:channel/messages", new ChannelId(1));
        for (var i = 0; i < 3; i++)
        {
            await limiter.WaitAsync(channel with { Major = "channel:" + i }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }

        var fourth = limiter.WaitAsync(channel, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(fourth.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Logs_InteractionRoutes_NameTheTemplateNeverTheToken()
    {
        await Callback(7, "secret-interaction-token");
        await Edit("secret-interaction-token");

        Assert.Contains(_logs.Lines, l => l.Contains("POST /interactions/:id/:token/callback", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("secret-interaction-token", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-interaction-token", RestRoute.ForInteraction("x", new InteractionId(7), "secret-interaction-token").Major, StringComparison.Ordinal);
    }

    private Task Callback(ulong id, string token) =>
        Rest.CreateInteractionResponseAsync(new InteractionId(id), token, new InteractionResponseParams(InteractionCallbackType.DeferredChannelMessageWithSource), CancellationToken.None);

    private Task Edit(string token) =>
        Rest.EditOriginalResponseAsync(App, token, new MessageParams("hi", AllowedMentions: AllowedMentions.None), CancellationToken.None);
}
