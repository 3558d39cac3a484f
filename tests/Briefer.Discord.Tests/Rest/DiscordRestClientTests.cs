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
        limiter.OnRateLimited("POST /channels/1/messages", TimeSpan.FromSeconds(5), global: true);

        var other = limiter.WaitAsync("GET /gateway/bot", CancellationToken.None);
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

    private sealed class HeaderResult(IResult inner, params (string Name, string Value)[] headers) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            foreach (var (name, value) in headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            return inner.ExecuteAsync(httpContext);
        }
    }
}
