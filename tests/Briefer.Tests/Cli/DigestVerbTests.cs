using Briefer.Cli;

namespace Briefer.Tests.Cli;

/// <summary><c>briefer digest</c>: what a scheduled digest would post, on the command line.</summary>
public sealed class DigestVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Digest_JustIngested_PrintsCitedPointsNewestFirst()
    {
        await _cli.RunAsync("ingest", CliRunner.SamplesDirectory);

        var result = await _cli.RunAsync("digest", "--topic", "Venezuela prisoner release", "--since", "1d", "--timezone", "Europe/Madrid", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error + result.Output);
        var json = result.Json();
        Assert.Equal(Directory.GetFiles(CliRunner.SamplesDirectory).Length, json.GetProperty("newDocuments").GetInt32());
        Assert.EndsWith("(Europe/Madrid)", json.GetProperty("since").GetString(), StringComparison.Ordinal);
        var bullets = json.GetProperty("digest").GetProperty("bullets").EnumerateArray().ToList();
        Assert.NotEmpty(bullets);
        Assert.All(bullets, b => Assert.NotEqual(0, b.GetProperty("citations").GetArrayLength()));
        var dates = json.GetProperty("digest").GetProperty("citations").EnumerateArray()
            .Select(c => c.GetProperty("publishedAt").GetString()).Where(d => d is not null).ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
    }

    [Fact]
    public async Task Digest_RoleScopedDocument_TheOperatorSeesIt()
    {
        await _cli.RunAsync("ingest", Path.Combine(CliRunner.SamplesDirectory, "venezuela-prisoner-release-reactions.md"), "--visible-to", "role:42");

        var result = await _cli.RunAsync("digest", "--topic", "Venezuela prisoner release", "--since", "1d", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error + result.Output);
        Assert.Equal(1, result.Json().GetProperty("newDocuments").GetInt32());
        Assert.NotEmpty(result.Json().GetProperty("digest").GetProperty("bullets").EnumerateArray());
    }

    [Fact]
    public async Task Digest_NothingSinceTheDate_SaysSo()
    {
        await _cli.RunAsync("ingest", Path.Combine(CliRunner.SamplesDirectory, "us-calls-off-second-strike.txt"));

        var result = await _cli.RunAsync("digest", "--topic", "Venezuela", "--since", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("Nothing new on 'Venezuela' since", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--timezone", "Madrid", "IANA")]
    [InlineData("--since", "last week", "not a valid 'since'")]
    public async Task Digest_BadOption_UsageErrorWithOneLineSayingWhatToUse(string option, string value, string expected)
    {
        var result = await _cli.RunAsync("digest", "--topic", "Venezuela", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }
}
