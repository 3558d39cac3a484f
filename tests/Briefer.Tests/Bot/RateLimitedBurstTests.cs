using System.Diagnostics;
using System.Globalization;
using Briefer.Discord.Tests.Fakes;
using Briefer.Testing;
using Xunit.Abstractions;

namespace Briefer.Tests.Bot;

/// <summary>
/// Members running <c>/ask</c> at the same moment, against a fake Discord that rate-limits as Discord does (5 requests
/// per 2 s per interaction and per webhook token, 50 a second globally, 429 when over), on the system clock, after the
/// bot has already answered a few (so it knows the routes' bucket hashes): 50 and then 200 interactions dispatched at
/// once over the WebSocket, each with its own id and token, must all be acknowledged within Discord's 3 s, idle and
/// with both cores busy. Latency is from the fake writing INTERACTION_CREATE to the fake receiving the callback.
/// </summary>
[Collection(BurstLatencyCollection.Name)]
public sealed class RateLimitedBurstTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Burst_FiftyThenTwoHundredAsksUnderDiscordRateLimits_AllAcknowledgedWithinThreeSeconds()
    {
        var rounds = await RunAsync(busy: false);

        Assert.All(rounds, r => Assert.True(r.Max < Deadline.TotalMilliseconds, $"{r.Size}: slowest ack {r.Max:F0} ms"));
    }

    [Fact]
    public async Task Burst_FiftyThenTwoHundredAsksWithBothCoresBusy_AllAcknowledgedWithinThreeSeconds()
    {
        var rounds = await RunAsync(busy: true);

        Assert.All(rounds, r => Assert.True(r.Max < Deadline.TotalMilliseconds, $"{r.Size}: slowest ack {r.Max:F0} ms"));
    }

    [BenchFact]
    [Trait("Category", "Bench")]
    public async Task Bench_BurstsIdle_P99Within250Ms()
    {
        var rounds = await RunAsync(busy: false);

        Assert.All(rounds, r => Assert.True(r.P99 <= 250, $"{r.Size}: p99 {r.P99:F0} ms"));
    }

    [BenchFact]
    [Trait("Category", "Bench")]
    public async Task Bench_BurstsWithBothCoresBusy_P99Within1s()
    {
        var rounds = await RunAsync(busy: true);

        Assert.All(rounds, r => Assert.True(r.P99 <= 1000, $"{r.Size}: p99 {r.P99:F0} ms"));
    }

    private async Task<List<Round>> RunAsync(bool busy)
    {
        // The pool's default floor (one worker per core), as a fresh bot process has it: the bot must raise it itself.
        ThreadPool.GetMinThreads(out _, out var completionPorts);
        ThreadPool.SetMinThreads(Environment.ProcessorCount, completionPorts);
        var server = await FakeDiscordServer.StartAsync();
        server.RateLimits = new FakeRateLimits(perBucket: 5, TimeSpan.FromSeconds(2));
        var briefing = new FakeBriefingService();
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Discord:QueueCapacity"] = "1000" }, briefing, server, systemClock: true);

        // A few answered in full first: the bot learns the callback and webhook buckets, as a running bot has.
        for (var id = 1UL; id <= 3; id++)
        {
            await bot.SlashAsync(id, BotHarness.GuildA, "ask", BotHarness.Option("question", "what happened?"), user: id);
            await bot.EditAsync(id.ToString(CultureInfo.InvariantCulture));
        }

        briefing.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var burner = busy ? new CpuBurner() : null;
        var rounds = new List<Round>();
        foreach (var (size, first) in new[] { (50, 10_000UL), (200, 20_000UL) })
        {
            var ids = Enumerable.Range(1, size).Select(i => (first + (ulong)i).ToString(CultureInfo.InvariantCulture)).ToHashSet();
            await Task.WhenAll(ids.Select(id => bot.SlashAsync(ulong.Parse(id, CultureInfo.InvariantCulture), BotHarness.GuildA, "ask", BotHarness.Option("question", "what happened?"), user: ulong.Parse(id, CultureInfo.InvariantCulture))));
            var callbacks = await CallbacksAsync(bot, ids, Deadline + TimeSpan.FromSeconds(2));
            var latencies = callbacks.Select(c => (c.ReceivedAt - bot.Connection.InteractionSentAt[c.Args["interaction_id"]]) * 1000.0 / Stopwatch.Frequency).Order().ToList();
            var round = new Round(size, callbacks.Count, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Count == 0 ? double.PositiveInfinity : latencies[^1]);
            var inTime = latencies.Count(l => l < Deadline.TotalMilliseconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(busy ? "busy" : "idle")}, {size} at once: {inTime}/{size} acknowledged within 3 s; p50 {round.P50:F1} ms, p99 {round.P99:F1} ms, max {round.Max:F1} ms"));
            Assert.Equal(size, callbacks.Count);
            Assert.All(callbacks, c => Assert.Equal(5, c.Json!["type"]!.GetValue<int>()));
            rounds.Add(round);
        }

        briefing.Gate.SetResult();
        Assert.DoesNotContain(server.RateLimits.Refused, r => r.Contains("/interactions/", StringComparison.Ordinal));
        Assert.Empty(server.ValidationErrors);
        return rounds;
    }

    /// <summary>The first callback of each of <paramref name="ids"/>, waiting up to <paramref name="timeout"/> (one poller, so waiting costs no CPU the bot needs).</summary>
    private static async Task<List<RecordedRequest>> CallbacksAsync(BotHarness bot, HashSet<string> ids, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var found = bot.Server.Requests
                .Where(r => r.Route == "/interactions/{interaction_id}/{interaction_token}/callback" && ids.Contains(r.Args["interaction_id"]))
                .GroupBy(r => r.Args["interaction_id"]).Select(g => g.First()).ToList();
            if (found.Count == ids.Count || Stopwatch.GetTimestamp() > deadline)
            {
                return found;
            }

            await Task.Delay(50);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.PositiveInfinity : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed record Round(int Size, int Acknowledged, double P50, double P99, double Max);

    /// <summary>
    /// Keeps every core busy from the thread pool, as an ingest's extraction does (it runs on pool threads), until disposed.
    /// </summary>
    private sealed class CpuBurner : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _burners;

        public CpuBurner() => _burners = [.. Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(Burn))];

        public void Dispose()
        {
            _stop.Cancel();
            Task.WaitAll(_burners);
            _stop.Dispose();
        }

        private void Burn()
        {
            var x = 0.0;
            while (!_stop.IsCancellationRequested)
            {
                for (var i = 0; i < 100_000; i++)
                {
                    x += Math.Sqrt(i);
                }
            }

            GC.KeepAlive(x);
        }
    }
}
