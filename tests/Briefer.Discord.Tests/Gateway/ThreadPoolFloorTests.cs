using Briefer.Discord.Gateway;

namespace Briefer.Discord.Tests.Gateway;

public sealed class ThreadPoolFloorTests
{
    [Fact]
    public void Raise_BelowTheWantedFloor_RaisesItAndNeverLowersIt()
    {
        ThreadPool.GetMinThreads(out var before, out var completionPorts);
        try
        {
            ThreadPool.SetMinThreads(Environment.ProcessorCount, completionPorts);

            Assert.Equal(Environment.ProcessorCount + 10, ThreadPoolFloor.Raise(Environment.ProcessorCount + 10));
            Assert.Equal(Environment.ProcessorCount + 10, ThreadPoolFloor.Raise(Environment.ProcessorCount + 1));
            ThreadPool.GetMinThreads(out var after, out var portsAfter);
            Assert.Equal(Environment.ProcessorCount + 10, after);
            Assert.Equal(completionPorts, portsAfter);
        }
        finally
        {
            ThreadPool.SetMinThreads(Math.Max(before, ThreadPoolFloor.Automatic), completionPorts);
        }
    }

    [Fact]
    public void Automatic_IsAtLeast32AndEightPerCore() =>
        Assert.Equal(Math.Max(32, 8 * Environment.ProcessorCount), ThreadPoolFloor.Automatic);

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public void Validate_FloorOutOfRange_NamesTheSetting(int floor)
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { Token = "t", MinWorkerThreads = floor });

        Assert.True(result.Failed);
        Assert.Contains("Discord:MinWorkerThreads", result.FailureMessage, StringComparison.Ordinal);
    }
}
