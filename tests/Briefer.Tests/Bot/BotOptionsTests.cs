using Briefer.Bot;
using Briefer.Core.Ingestion;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Tests.Bot;

/// <summary>The bot's policy settings (moved out of the Discord client's options) are checked at start, naming the setting.</summary>
public sealed class BotOptionsTests
{
    [Theory]
    [InlineData("my scope")]
    [InlineData("../etc")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task Start_InvalidDmScope_FailsNamingTheSetting(string dmScope)
    {
        await using var server = await FakeDiscordServer.StartAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(DiscordTestHost.Settings(server, new Dictionary<string, string?> { ["Discord:DmScope"] = dmScope }));
        var briefing = new FakeBriefingService();
        builder.Services.AddSingleton<Core.IBriefingService>(briefing);

        // What AddDiscordBot needs of the core (commands take it in their constructors, so it is resolved at start).
        builder.Services.AddSingleton<Core.Claims.IClaimChecker>(new FakeClaimChecker(briefing));
        builder.Services.AddDocumentExtraction();
        builder.Services.AddDiscordBot();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Discord:DmScope", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("111111111111111111")]
    [InlineData("local")]
    [InlineData("team-docs_v1.2")]
    public void Validate_ValidDmScope_Succeeds(string dmScope) =>
        Assert.True(new BotOptionsValidator().Validate(null, new BotOptions { DmScope = dmScope }).Succeeded);

    [Fact]
    public void Validate_ZeroRateLimit_NamesTheSetting()
    {
        var result = new BotOptionsValidator().Validate(null, new BotOptions { UserRateLimit = 0 });

        Assert.Contains("Discord:UserRateLimit", result.FailureMessage, StringComparison.Ordinal);
    }
}
