using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Briefer.Tests.Bot;

/// <summary>
/// Measures the time from writing INTERACTION_CREATE on the fake gateway to the fake REST receiving the deferred
/// ack, over a burst of concurrent interactions whose answers are held back until every ack is in.
/// Runs alone (its own non-parallel collection) so other tests' model loading does not skew the numbers.
/// </summary>
[Collection(BurstLatencyCollection.Name)]
public sealed class BurstLatencyTests(ITestOutputHelper output)
{
    private const int Burst = 60;

    [Fact]
    public async Task Burst_SixtyConcurrentAsks_AllDeferredFastAndAllAnswered()
    {
        var briefing = new FakeBriefingService { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var bot = await BotHarness.StartAsync(briefing: briefing);

        // Warm-up (JIT), not measured.
        await bot.CallbackAsync(await bot.SlashAsync(10_000, BotHarness.GuildA, "ask", BotHarness.Option("question", "warm up?"), user: 9_999));

        // Round 1 starts with one pooled HTTP connection, so most acks open a new one ("cold");
        // round 2 finds the connections of round 1 in the pool ("warm"), as a long-running bot would.
        foreach (var (round, first) in new[] { ("cold", 11_000UL), ("warm", 12_000UL) })
        {
            var ids = Enumerable.Range(1, Burst).Select(i => first + (ulong)i).ToList();
            await Task.WhenAll(ids.Select(id => bot.SlashAsync(id, BotHarness.GuildA, "ask", BotHarness.Option("question", "what happened?"), user: id)));
            var callbacks = await Task.WhenAll(ids.Select(id => bot.CallbackAsync(id.ToString(CultureInfo.InvariantCulture))));

            var latencies = callbacks
                .Select(c => (c.ReceivedAt - bot.Connection.InteractionSentAt[c.Args["interaction_id"]]) * 1000.0 / Stopwatch.Frequency)
                .Order()
                .ToList();
            var p50 = Percentile(latencies, 0.50);
            var p99 = Percentile(latencies, 0.99);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Deferred ack over {Burst} concurrent interactions ({round}): p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms"));

            Assert.All(callbacks, c => Assert.Equal(5, c.Json!["type"]!.GetValue<int>()));

            // The target is 250 ms; the assertion leaves room for a loaded CI machine while staying inside Discord's 3 s.
            Assert.True(p99 < 2000, $"p99 {p99:F1} ms is too close to Discord's 3 s limit");
        }

        // Answers were held back the whole time: the acks did not wait for them. Now every one is answered.
        briefing.Gate.SetResult();
        var edits = await Task.WhenAll(Enumerable.Range(1, Burst).SelectMany(i => new[] { 11_000 + i, 12_000 + i })
            .Select(id => bot.EditAsync(id.ToString(CultureInfo.InvariantCulture))));

        Assert.Equal(2 * Burst, edits.Length);
        Assert.Empty(bot.Server.ValidationErrors);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BurstLatencyCollection
{
    public const string Name = "Burst latency (runs alone)";
}

/// <summary>
/// The acknowledgement latency of every interaction kind — slash command, message command, button (deferral), button
/// (modal) and modal submit — over a burst of 50 concurrent interactions each, answers held back until every ack is in.
/// </summary>
[Collection(BurstLatencyCollection.Name)]
public sealed class InteractionKindLatencyTests(ITestOutputHelper output)
{
    private const int Burst = 50;

    [Fact]
    public async Task Burst_FiftyOfEachInteractionKind_AllAcknowledgedFast()
    {
        var briefing = new FakeBriefingService { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Discord:QueueCapacity"] = "1000" }, briefing: briefing);
        await ConversationTests.WithDocumentAsync(bot, BotHarness.GuildA);

        // One answered question whose buttons the bursts click (answers are released for it, then held again).
        briefing.Gate.SetResult();
        var (_, message, answerId) = await ConversationTests.AskByMentionAsync(bot, 20_000, "How much did the budget grow?");
        briefing.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = Discord.Tests.Fakes.FakeDiscordServer.Message(20_001, BotHarness.Channel, 777, "How much did the budget grow?", BotHarness.GuildA);

        var kinds = new (string Kind, int ExpectedType, Func<ulong, System.Text.Json.Nodes.JsonObject> Build)[]
        {
            ("slash command", 5, id => Discord.Tests.Fakes.FakeDiscordServer.SlashCommand(id, BotHarness.GuildA, BotHarness.Channel, id, "ask", BotHarness.Option("question", "what happened?"))),
            ("message command", 5, id => Discord.Tests.Fakes.FakeDiscordServer.MessageCommand(id, BotHarness.GuildA, BotHarness.Channel, id, "Ask Briefer", (System.Text.Json.Nodes.JsonObject)target.DeepClone())),
            ("button", 5, id => Discord.Tests.Fakes.FakeDiscordServer.ButtonClick(id, BotHarness.GuildA, BotHarness.Channel, id, "fb:up:" + answerId, message)),
            ("button opening a modal", 9, id => Discord.Tests.Fakes.FakeDiscordServer.ButtonClick(id, BotHarness.GuildA, BotHarness.Channel, id, "fb:down:" + answerId, message)),
            ("modal submit", 5, id => Discord.Tests.Fakes.FakeDiscordServer.ModalSubmit(id, BotHarness.GuildA, BotHarness.Channel, id, "fbm:" + answerId, new Dictionary<string, string> { ["comment"] = "wrong year" })),
        };

        // Warm-up (JIT, pooled connections), not measured.
        var warm = 21_000UL;
        foreach (var (_, _, build) in kinds)
        {
            await bot.Connection.DispatchAsync("INTERACTION_CREATE", build(++warm));
            await bot.CallbackAsync(warm.ToString(CultureInfo.InvariantCulture));
        }

        var first = 30_000UL;
        var worst = 0.0;
        foreach (var (kind, expectedType, build) in kinds)
        {
            var ids = Enumerable.Range(1, Burst).Select(i => first + (ulong)i).ToList();
            first += 1_000;
            await Task.WhenAll(ids.Select(id => bot.Connection.DispatchAsync("INTERACTION_CREATE", build(id))));
            var callbacks = await Task.WhenAll(ids.Select(id => bot.CallbackAsync(id.ToString(CultureInfo.InvariantCulture))));
            var latencies = callbacks
                .Select(c => (c.ReceivedAt - bot.Connection.InteractionSentAt[c.Args["interaction_id"]]) * 1000.0 / Stopwatch.Frequency)
                .Order()
                .ToList();
            var p50 = latencies[(int)Math.Ceiling(0.50 * latencies.Count) - 1];
            var p99 = latencies[(int)Math.Ceiling(0.99 * latencies.Count) - 1];
            worst = Math.Max(worst, p99);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: ack over {Burst} concurrent: p50 {p50:F1} ms, p99 {p99:F1} ms, max {latencies[^1]:F1} ms"));
            Assert.All(callbacks, c => Assert.Equal(expectedType, c.Json!["type"]!.GetValue<int>()));
        }

        briefing.Gate.SetResult();

        // The target is 250 ms; the assertion leaves room for a loaded CI machine while staying inside Discord's 3 s.
        Assert.True(worst < 2000, $"p99 {worst:F1} ms is too close to Discord's 3 s limit");
        Assert.Empty(bot.Server.ValidationErrors);
    }
}
