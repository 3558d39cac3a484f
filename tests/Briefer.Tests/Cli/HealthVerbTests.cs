using Briefer.Cli;
using Briefer.Health;

namespace Briefer.Tests.Cli;

/// <summary>
/// <c>briefer health</c> on a health file written as <c>run</c> writes it, its age set by <c>updatedAt</c> (the default
/// interval is 30 s): stale after two intervals, "starting" with its own exit code until the first gateway READY,
/// and <c>--live</c> for liveness probes.
/// </summary>
public sealed class HealthVerbTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Health_FileOlderThanTwoIntervals_UnhealthyBotDeadOrHung()
    {
        await WriteAsync(HealthReport.Healthy, ageSeconds: 65);

        var result = await _cli.RunAsync("health");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains($"s old: '{SourceCheckout.Command} run' (pid 42)", result.Error, StringComparison.Ordinal);
        Assert.Contains("has stopped or hangs", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_FileWithinTwoIntervals_Healthy()
    {
        await WriteAsync(HealthReport.Healthy, ageSeconds: 50);

        var result = await _cli.RunAsync("health");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
    }

    [Fact]
    public async Task Health_Starting_ExitsWithTheStartingCodeAndSaysSo()
    {
        await WriteAsync(HealthReport.Starting, ageSeconds: 0, gateway: "Connecting");

        var result = await _cli.RunAsync("health");

        Assert.Equal(ExitCodes.Starting, result.ExitCode);
        Assert.StartsWith("starting: connecting to Discord since ", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HealthReport.Starting, 0, ExitCodes.Ok)]
    [InlineData(HealthReport.Unhealthy, 0, ExitCodes.Ok)]
    [InlineData(HealthReport.Healthy, 65, ExitCodes.Failed)]
    public async Task HealthLive_OnlyAStaleFileFails(string status, int ageSeconds, int expected)
    {
        await WriteAsync(status, ageSeconds);

        var result = await _cli.RunAsync("health", "--live");

        Assert.Equal(expected, result.ExitCode);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"status\": \"healthy\", \"gateway\": \"Connected\", \"store\": \"ok\"}")]
    public async Task Health_FileWithoutWhatRunWrites_CannotBeReadNotYearsOld(string json)
    {
        Directory.CreateDirectory(_cli.DataDirectory);
        await File.WriteAllTextAsync(Path.Combine(_cli.DataDirectory, "health.json"), json);

        var result = await _cli.RunAsync("health");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("cannot be read", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s old", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_FileWithoutProblems_HealthyWithoutACrash()
    {
        Directory.CreateDirectory(_cli.DataDirectory);
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(_cli.DataDirectory, "health.json"),
            $"{{\"status\": \"unhealthy\", \"gateway\": \"Connected\", \"gatewaySince\": \"{now}\", \"store\": \"ok\", \"updatedAt\": \"{now}\", \"processId\": 7}}");

        var result = await _cli.RunAsync("health");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.StartsWith("unhealthy: gateway Connected", result.Output, StringComparison.Ordinal);
    }

    private async Task WriteAsync(string status, int ageSeconds, string gateway = "Connected")
    {
        Directory.CreateDirectory(_cli.DataDirectory);
        var report = new HealthReport(status, gateway, DateTimeOffset.UtcNow, "ok", null, DateTimeOffset.UtcNow.AddSeconds(-ageSeconds), 42,
            status == HealthReport.Unhealthy ? ["the store failed: damaged"] : []);
        await File.WriteAllTextAsync(Path.Combine(_cli.DataDirectory, "health.json"), report.ToJson());
    }
}
