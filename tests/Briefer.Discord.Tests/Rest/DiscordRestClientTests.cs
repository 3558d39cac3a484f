using System.Net;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Briefer.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Rest;

public sealed class DiscordRestClientTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private FakeDiscordServer _server = null!;
    private IHost _host = null!;

    private DiscordRestClient Rest => _host.Services.GetRequiredService<DiscordRestClient>();

    public async Task InitializeAsync()
    {
        _server = await FakeDiscordServer.StartAsync();
        _host = DiscordTestHost.Build(_server, _time, new GatewayRecorder());
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetGatewayBot_Always_SendsBotAuthorizationAndUserAgent()
    {
        await Rest.GetGatewayBotAsync(CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bot " + FakeDiscordServer.Token, request.Authorization);
        Assert.StartsWith("DiscordBot (", request.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_429_RetriesAfterRetryAfter()
    {
        var seen = new List<DateTimeOffset>();
        _server.Intercept = r =>
        {
            if (r.Method != "PATCH")
            {
                return null;
            }

            lock (seen)
            {
                seen.Add(_time.GetUtcNow());
                return seen.Count == 1 ? Results.Json(new { message = "You are being rate limited.", retry_after = 2.5, global = false }, statusCode: 429) : null;
            }
        };

        var edit = Rest.EditOriginalResponseAsync(new AppId(FakeDiscordServer.ApplicationId), "tok", new MessageParams("hi", AllowedMentions: AllowedMentions.None), CancellationToken.None);
        await _time.AdvanceUntilAsync(edit, TimeSpan.FromMilliseconds(250));

        Assert.Equal(2, seen.Count);
        Assert.True(seen[1] - seen[0] >= TimeSpan.FromSeconds(2.5), $"retried after {seen[1] - seen[0]}");
    }

    [Fact]
    public async Task Global429_PausesOtherRoutes()
    {
        var limiter = new RestRateLimiter(_time);
        limiter.OnRateLimited(RestRoute.ForChannel("POST /channels/:channel/messages", new ChannelId(1)), TimeSpan.FromSeconds(5), global: true);

        var other = limiter.WaitAsync(RestRoute.Plain("GET /gateway/bot"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(20);
        Assert.False(other.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await other.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Bucket_Exhausted_WaitsForReset()
    {
        _server.Intercept = r =>
        {
            if (r.Route != "/channels/{channel_id}/messages")
            {
                return null;
            }

            return new HeaderResult(Results.Json(new { id = "1", channel_id = "1" }), ("X-RateLimit-Bucket", "abc"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "3"));
        };

        await Rest.CreateMessageAsync(new ChannelId(1), new MessageParams("a", AllowedMentions: AllowedMentions.None), CancellationToken.None);
        var second = Rest.CreateMessageAsync(new ChannelId(1), new MessageParams("b", AllowedMentions: AllowedMentions.None), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(3));
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Error_DiscordCode_ThrowsTypedErrorWithoutToken()
    {
        _server.Intercept = _ => Results.Json(new { code = 10062, message = "Unknown interaction" }, statusCode: 404);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            Rest.CreateInteractionResponseAsync(new InteractionId(5), "secret-interaction-token", new InteractionResponseParams(InteractionCallbackType.DeferredChannelMessageWithSource), CancellationToken.None));

        Assert.Equal(DiscordRestException.UnknownInteraction, error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.DoesNotContain("secret-interaction-token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeDiscordServer.Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ToString_OmitsToken()
    {
        var options = new DiscordOptions { Token = "very-secret" };

        Assert.DoesNotContain("very-secret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_MissingToken_NamesTheSetting()
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions());

        Assert.True(result.Failed);
        Assert.Contains("Discord:Token", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowupPost_ServerError_NotRetried()
    {
        _server.Intercept = r => r.Method == "POST" && r.Route == "/webhooks/{webhook_id}/{webhook_token}" ? Results.StatusCode(502) : null;

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            Rest.CreateFollowupMessageAsync(new AppId(FakeDiscordServer.ApplicationId), "tok", new MessageParams("hi", AllowedMentions: AllowedMentions.None), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadGateway, error.Status);
        Assert.Single(_server.Requests, r => r.Route == "/webhooks/{webhook_id}/{webhook_token}");
    }

    [Fact]
    public async Task InteractionCallback_ServerError_NotRetried()
    {
        _server.Intercept = r => r.Route.EndsWith("/callback", StringComparison.Ordinal) ? Results.StatusCode(500) : null;

        await Assert.ThrowsAsync<DiscordRestException>(() =>
            Rest.CreateInteractionResponseAsync(new InteractionId(5), "tok", new InteractionResponseParams(InteractionCallbackType.DeferredChannelMessageWithSource), CancellationToken.None));

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task CreateMessage_ServerError_RetriedWithTheSameEnforcedNonce()
    {
        var attempts = 0;
        _server.Intercept = r => r.Route == "/channels/{channel_id}/messages" && Interlocked.Increment(ref attempts) == 1 ? Results.StatusCode(503) : null;

        var sent = Rest.CreateMessageAsync(new ChannelId(1), new MessageParams("a", AllowedMentions: AllowedMentions.None), CancellationToken.None);
        await _time.AdvanceUntilAsync(sent, TimeSpan.FromMilliseconds(250));

        var posts = _server.Requests.Where(r => r.Route == "/channels/{channel_id}/messages").ToList();
        Assert.Equal(2, posts.Count);
        Assert.True(posts[0].Json!["enforce_nonce"]!.GetValue<bool>());
        Assert.Equal(posts[0].Json!["nonce"]!.GetValue<string>(), posts[1].Json!["nonce"]!.GetValue<string>());
        Assert.Empty(_server.ValidationErrors);
    }

    [Fact]
    public async Task EditOriginal_ServerError_Retried()
    {
        var attempts = 0;
        _server.Intercept = r => r.Method == "PATCH" && Interlocked.Increment(ref attempts) == 1 ? Results.StatusCode(500) : null;

        var edit = Rest.EditOriginalResponseAsync(new AppId(FakeDiscordServer.ApplicationId), "tok", new MessageParams("hi", AllowedMentions: AllowedMentions.None), CancellationToken.None);
        await _time.AdvanceUntilAsync(edit, TimeSpan.FromMilliseconds(250));

        Assert.Equal(2, _server.Requests.Count(r => r.Method == "PATCH"));
    }

    [Fact]
    public async Task RateLimiter_ManyInteractions_BucketsPrunedOnceReset()
    {
        _server.Intercept = r => r.Route.EndsWith("/callback", StringComparison.Ordinal)
            ? new HeaderResult(Results.StatusCode(204), ("X-RateLimit-Bucket", "cb-" + r.Args["interaction_id"]), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset-After", "1"))
            : null;

        for (var i = 1; i <= 200; i++)
        {
            await Rest.CreateInteractionResponseAsync(new InteractionId((ulong)i), "tok-" + i, new InteractionResponseParams(InteractionCallbackType.DeferredChannelMessageWithSource), CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // One bucket per interaction, but buckets whose reset passed are dropped rather than kept forever.
        Assert.InRange(Rest.RateLimiterBucketCount, 1, 64);
    }

    [Fact]
    public async Task StartThread_Always_BodyValidAndThreadReturned()
    {
        var thread = await Rest.StartThreadFromMessageAsync(new ChannelId(10), new MessageId(20), new StartThreadParams("Why did the budget grow?", 1440), CancellationToken.None);

        Assert.Equal(new ChannelId(20), thread!.Id);
        Assert.True(thread.IsThread);
        Assert.Empty(_server.ValidationErrors);
    }

    [Fact]
    public async Task TriggerTyping_Always_PostsWithoutBody()
    {
        await Rest.TriggerTypingAsync(new ChannelId(10), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/channels/{channel_id}/typing", request.Route);
        Assert.Empty(request.Body);
        Assert.Empty(_server.ValidationErrors);
    }
}
