using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Briefer.Discord.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Gateway;

public sealed class TokenLoggingTests
{
    [Fact]
    public async Task ConnectAndRest_AllLogLines_NeverContainBotOrInteractionToken()
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        var recorder = new GatewayRecorder();
        using var host = DiscordTestHost.Build(server, new FakeTimeProvider(), recorder);
        var provider = host.Services.GetRequiredService<ILoggerFactory>();
        provider.AddProvider(logs);
        await host.StartAsync();
        await recorder.Ready.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var rest = host.Services.GetRequiredService<DiscordRestClient>();
        server.Intercept = _ => Results.Json(new { code = 10062, message = "Unknown interaction" }, statusCode: 404);

        await rest.EditOriginalResponseAsync(new AppId(1), "interaction-token-xyz", new MessageParams("x", AllowedMentions: AllowedMentions.None), CancellationToken.None)
            .ContinueWith(_ => { }, TaskScheduler.Default);
        await host.StopAsync();

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(FakeDiscordServer.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("interaction-token-xyz", StringComparison.Ordinal));
    }
}
