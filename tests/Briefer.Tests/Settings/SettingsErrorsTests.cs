using Briefer.Cli;
using Briefer.Core.Documents;
using Briefer.Sources;
using Briefer.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Briefer.Tests.Settings;

/// <summary>Wrong settings: one line with the setting, the bad value and what it accepts; lists as comma-separated values.</summary>
public sealed class SettingsErrorsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("Store:Provider", "Postgres", "Store:Provider must be Sqlite or Qdrant, not 'Postgres'.")]
    [InlineData("Web:Timeout", "banana", "Web:Timeout must be a duration such as 00:00:05 or 5s")]
    [InlineData("Answers:AnswerableThreshold", "7", "Answers:AnswerableThreshold must be between 0 and 1, not '7'.")]
    [InlineData("Chunking:MaxTokens", "lots", "Chunking:MaxTokens must be a whole number, not 'lots'.")]
    [InlineData("Web:AllowedPorts", "80,http", "Web:AllowedPorts must be a comma-separated list of whole numbers")]
    public async Task Sources_WrongSetting_OneLineNamingTheSettingTheValueAndWhatItAccepts(string setting, string value, string expected)
    {
        _cli.Settings[setting] = value;

        var result = await _cli.RunAsync("sources");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Briefer.Core", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("DataAnnotation", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_WrongSetting_TheSameLine()
    {
        _cli.Settings["Store:Provider"] = "Postgres";

        var result = await _cli.RunAsync("doctor", "--json");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        var configuration = result.Json().GetProperty("checks")[0];
        Assert.Equal("failed", configuration.GetProperty("status").GetString());
        Assert.Contains("Store:Provider must be Sqlite or Qdrant, not 'Postgres'.", configuration.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8765", new[] { 8765 })]
    [InlineData("80, 443,8765", new[] { 80, 443, 8765 })]
    public void AllowedPorts_CommaSeparatedValue_ReplacesTheDefaults(string value, int[] expected)
    {
        var web = Options(new() { ["Web:AllowedPorts"] = value });

        Assert.Equal(expected, web.AllowedPorts);
        Assert.Equal(expected, web.EffectivePorts);
    }

    [Fact]
    public void AllowedPorts_Indexed_StillWorks()
    {
        var web = Options(new() { ["Web:AllowedPorts:0"] = "8765", ["Web:AllowedPorts:1"] = "443" });

        Assert.Equal([8765, 443], web.AllowedPorts);
    }

    [Theory]
    [InlineData("5s", 5_000)]
    [InlineData("250ms", 250)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:07", 7_000)]
    public void Timeout_ShortOrLongDuration_Read(string value, int milliseconds)
    {
        var web = Options(new() { ["Web:Timeout"] = value });

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), web.Timeout);
    }

    private WebOptions Options(Dictionary<string, string?> settings)
    {
        BrieferHost.Overrides.Value = settings;
        using var host = BrieferHost.CreateBuilder(new CliSettings(_cli.DataDirectory, ScopeId.Local, false)).Build();
        return host.Services.GetRequiredService<IOptions<WebOptions>>().Value;
    }
}
