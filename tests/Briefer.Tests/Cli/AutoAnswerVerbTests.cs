using System.Text.Json;
using Briefer.AutoAnswers;
using Briefer.Cli;
using Briefer.Cli.Doctor;
using Briefer.Core.Documents;
using Briefer.Core.Storage;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Briefer.Tests.Cli;

/// <summary><c>briefer autoanswer</c> against the data directory, and what <c>doctor --bot</c> says about it.</summary>
public sealed class AutoAnswerVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AddListRemove_StoredInTheDataDirectory()
    {
        var added = await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600", "--handoff-role", "801", "--min-confidence", "0.8");
        var listed = await _cli.RunAsync("autoanswer", "list");
        var removed = await _cli.RunAsync("autoanswer", "remove", "--guild", "111", "--channel", "600");
        var after = await _cli.RunAsync("autoanswer", "list", "--guild", "111");

        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.Contains("guild 111 channel 600: answer, hand off to role 801, min confidence 0.80", listed.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, removed.ExitCode);
        Assert.Contains("No channel is set up", after.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_ChannelNotSetUp_OneErrorLineAndFailed()
    {
        var removed = await _cli.RunAsync("autoanswer", "remove", "--guild", "111", "--channel", "999");

        Assert.Equal(ExitCodes.Failed, removed.ExitCode);
        Assert.Equal("error: channel 999 of guild 111 was not set up for automatic answers; 'briefer autoanswer list' shows the channels that are.", removed.Error.Trim());
        Assert.Equal(string.Empty, removed.Output.Trim());
    }

    [Fact]
    public async Task ListJson_ChannelsAsJsonWithIdsAsStrings()
    {
        await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600", "--mode", "suggest", "--review-channel", "700");

        var listed = await _cli.RunAsync("autoanswer", "list", "--json");

        Assert.Equal(ExitCodes.Ok, listed.ExitCode);
        var channel = Assert.Single(listed.Json().GetProperty("channels").EnumerateArray());
        Assert.Equal("111", channel.GetProperty("guild").GetString());
        Assert.Equal("600", channel.GetProperty("channel").GetString());
        Assert.Equal("suggest", channel.GetProperty("mode").GetString());
        Assert.Equal("700", channel.GetProperty("reviewChannel").GetString());
        Assert.True(channel.GetProperty("minConfidenceIsDefault").GetBoolean());
    }

    [Fact]
    public async Task Add_SuggestIntoTheHelpChannelItself_FailsAndStoresNothing()
    {
        var result = await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600", "--mode", "suggest", "--review-channel", "600");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--review-channel must be another channel", result.Error, StringComparison.Ordinal);
        var listed = await _cli.RunAsync("autoanswer", "list", "--json");
        Assert.Empty(listed.Json().GetProperty("channels").EnumerateArray());
    }

    [Fact]
    public async Task Add_SuggestWithoutReviewChannel_Fails()
    {
        var result = await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600", "--mode", "suggest");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--mode suggest needs --review-channel", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min-confidence", "3", "--min-confidence must be a number from 0 to 1 (e.g. 0.9), not '3'")]
    [InlineData("--min-confidence", "abc", "--min-confidence must be a number from 0 to 1 (e.g. 0.9), not 'abc'")]
    [InlineData("--mode", "maybe", "--mode must be answer or suggest, not 'maybe'")]
    public async Task Add_BadValue_OneLineNamingIt(string option, string value, string expected)
    {
        var result = await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600", option, value);
        var listed = await _cli.RunAsync("autoanswer", "list");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("No channel is set up", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_ChannelNotAnId_SaysWhatAnIdIsWithoutATypeName()
    {
        var result = await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "#help");

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("--channel must be a Discord id (digits only", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_AgainWithOneOption_KeepsEverySettingItDoesNotName()
    {
        Assert.Equal(ExitCodes.Ok, (await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600", "--mode", "suggest", "--review-channel", "789", "--handoff-role", "999")).ExitCode);

        var again = await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600", "--min-confidence", "0.5");

        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        using var store = new AutoAnswerStore(Options.Create(new StoreOptions { DataDirectory = _cli.DataDirectory }));
        var channel = Assert.Single(await store.ListChannelsAsync(null, CancellationToken.None));
        Assert.Equal(AutoAnswerMode.Suggest, channel.Mode);
        Assert.Equal(789UL, channel.ReviewChannel!.Value.Value);
        Assert.Equal(999UL, channel.HandoffRole!.Value.Value);
        Assert.Equal(0.5, channel.MinConfidence);
    }

    [Fact]
    public async Task DoctorBot_MessageContentRefused_Warns()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await _cli.RunAsync("autoanswer", "add", "--guild", "111", "--channel", "600");
        using (var store = new AutoAnswerStore(Options.Create(new StoreOptions { DataDirectory = _cli.DataDirectory })))
        {
            await store.SetStateAsync(AutoAnswerStore.MessageContentRefusedKey, "2026-02-01T12:00:00Z", CancellationToken.None);
        }

        using var output = new StringWriter();
        await DoctorVerb.RunAsync(new CliSettings(_cli.DataDirectory, ScopeId.Local, Json: true), forBot: true, output, CancellationToken.None,
            configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:Token"] = FakeDiscordServer.Token, ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString() }));
        using var json = JsonDocument.Parse(output.ToString());
        var check = json.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "auto answers");

        Assert.Equal("warning", check.GetProperty("status").GetString());
        Assert.Contains("refused the Message Content intent", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
