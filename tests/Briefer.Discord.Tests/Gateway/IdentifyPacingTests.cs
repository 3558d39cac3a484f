using System.Diagnostics;
using System.Globalization;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Briefer.Discord.Tests.Gateway;

/// <summary>
/// Sharded start against a fake gateway that measures IDENTIFY gaps as they arrive, on its own (system) clock, and
/// answers op 9 to one that comes less than 5 s after the previous one of its bucket, as Discord does. The first
/// connection's handshake is 100 ms slower than the others. These run on real time (the gap is measured where the
/// IDENTIFY lands, so a fake clock would hide exactly what they check): about 16 s and 6 s.
/// </summary>
public abstract class IdentifyPacingTestBase(ITestOutputHelper output) : IAsyncLifetime
{
    protected FakeDiscordServer Server { get; private set; } = null!;

    protected CapturingLoggerProvider Logs { get; } = new();

    private IHost? _host;

    public async Task InitializeAsync()
    {
        Server = await FakeDiscordServer.StartAsync();
        Server.PaceIdentifies = true;
        Server.FirstHelloDelay = TimeSpan.FromMilliseconds(100);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(stop.Token);
            _host.Dispose();
        }

        await Server.DisposeAsync();
    }

    /// <summary>Starts 4 shards with <paramref name="maxConcurrency"/> and returns the IDENTIFYs the fake received once all 4 are in.</summary>
    protected async Task<List<IdentifyArrival>> StartFourShardsAsync(int maxConcurrency)
    {
        Server.RecommendedShards = 4;
        Server.MaxConcurrency = maxConcurrency;
        _host = DiscordTestHost.Build(Server, TimeProvider.System, new GatewayRecorder(), configure: s => s.AddLogging(b => b.AddProvider(Logs)));
        await _host.StartAsync();

        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (AcceptedCount() < 4 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
        }

        lock (Server.Identifies)
        {
            var arrivals = Server.Identifies.ToList();
            var first = arrivals[0].ReceivedAt;
            output.WriteLine(string.Join(Environment.NewLine, arrivals.Select(a => string.Create(CultureInfo.InvariantCulture,
                $"shard {a.ShardId} (bucket {a.Bucket}) at {Stopwatch.GetElapsedTime(first, a.ReceivedAt).TotalMilliseconds:F0} ms{(a.Refused ? ", refused (op 9)" : string.Empty)}"))));
            return arrivals;
        }
    }

    protected static double GapMs(IdentifyArrival earlier, IdentifyArrival later) => Stopwatch.GetElapsedTime(earlier.ReceivedAt, later.ReceivedAt).TotalMilliseconds;

    private int AcceptedCount()
    {
        lock (Server.Identifies)
        {
            return Server.Identifies.Count(i => !i.Refused);
        }
    }
}

public sealed class IdentifyPacingOneBucketTests(ITestOutputHelper output) : IdentifyPacingTestBase(output)
{
    [Fact]
    public async Task Start_FourShardsMaxConcurrencyOne_IdentifiesReachTheGatewayFiveSecondsApartAndNoneIsRefused()
    {
        var arrivals = await StartFourShardsAsync(maxConcurrency: 1);

        Assert.DoesNotContain(arrivals, a => a.Refused);
        Assert.Equal([0, 1, 2, 3], arrivals.Select(a => a.ShardId).Order());
        var gaps = arrivals.Zip(arrivals.Skip(1), GapMs).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= 5_000, $"an IDENTIFY reached the gateway {gap:F0} ms after the previous one"));
        Assert.Contains(Logs.Lines, l => l.Contains("the last of 4 identifies about 16 s after the first", StringComparison.Ordinal));
        Assert.Equal(4, Logs.Lines.Count(l => l.Contains("of 4 identifying with intents", StringComparison.Ordinal)));
    }
}

public sealed class IdentifyPacingTwoBucketsTests(ITestOutputHelper output) : IdentifyPacingTestBase(output)
{
    [Fact]
    public async Task Start_FourShardsMaxConcurrencyTwo_OneShardOfEachBucketTogetherThenTheOtherTwo()
    {
        var arrivals = await StartFourShardsAsync(maxConcurrency: 2);

        Assert.DoesNotContain(arrivals, a => a.Refused);
        Assert.Equal([0, 1], arrivals.Take(2).Select(a => a.Bucket).Order());
        Assert.Equal([0, 1], arrivals.Skip(2).Select(a => a.Bucket).Order());
        Assert.True(GapMs(arrivals[0], arrivals[1]) < 1_000, "the first two identify together");
        Assert.All(arrivals.Skip(2), later => Assert.True(GapMs(arrivals.Take(2).Single(a => a.Bucket == later.Bucket), later) >= 5_000));
    }
}
