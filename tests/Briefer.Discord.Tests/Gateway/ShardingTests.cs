using System.Text.Json.Nodes;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;
using Briefer.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Briefer.Discord.Tests.Gateway;

/// <summary>Several shards in one process against the fake Discord: identify pairs, identify pacing, independent resumes.</summary>
public sealed class ShardingTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly GatewayRecorder _recorder = new();
    private FakeDiscordServer _server = null!;
    private IHost? _host;

    public async Task InitializeAsync() => _server = await FakeDiscordServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(stop.Token);
            _host.Dispose();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Start_ThreeRecommendedShards_IdentifiesEachWithItsShardPair()
    {
        _server.RecommendedShards = 3;
        _server.MaxConcurrency = 3;

        var connections = await StartShardsAsync(3);

        var pairs = connections.Select(c => $"{c.Shard![0]}/{c.Shard[1]}").Order().ToList();
        Assert.Equal(["0/3", "1/3", "2/3"], pairs);
        var gateway = _host!.Services.GetRequiredService<DiscordGatewayClient>();
        Assert.Equal(3, gateway.Plan!.ShardCount);
        Assert.All(gateway.Shards, s => Assert.True(s.Ready));
        Assert.Equal(3, gateway.Shards.Select(s => s.SessionId).Distinct().Count());
    }

    [Fact]
    public async Task Start_MaxConcurrencyOne_ConnectsAtOnceAndIdentifiesOneShardPerSlot()
    {
        _server.RecommendedShards = 3;
        _server.MaxConcurrency = 1;
        _host = DiscordTestHost.Build(_server, _time, _recorder);
        await _host.StartAsync();
        var started = _time.GetUtcNow();

        // Every shard connects at once; the IDENTIFYs wait for their slots (taken after HELLO, not before connecting).
        var connections = new[] { await _server.NextConnectionAsync(), await _server.NextConnectionAsync(), await _server.NextConnectionAsync() };
        var identifiedAt = (await IdentifyTimesAsync(connections)).Order().ToArray();

        Assert.Equal(3, connections.Select(c => c.Shard![0]).Distinct().Count());
        // Times are noted when the test sees an IDENTIFY, a few 50 ms steps late at most: the margin absorbs that.
        Assert.True(identifiedAt[0] - started < IdentifyLimiter.Window, "the first shard identifies at once");
        Assert.True(identifiedAt[1] - identifiedAt[0] >= IdentifyLimiter.Window, $"second identified {(identifiedAt[1] - identifiedAt[0]).TotalSeconds} s after the first");
        Assert.True(identifiedAt[2] - identifiedAt[1] >= IdentifyLimiter.Window, $"third identified {(identifiedAt[2] - identifiedAt[1]).TotalSeconds} s after the second");
    }

    [Fact]
    public async Task Start_MaxConcurrencyTwo_ShardsInDifferentBucketsIdentifyTogether()
    {
        _server.RecommendedShards = 4;
        _server.MaxConcurrency = 2;
        _host = DiscordTestHost.Build(_server, _time, _recorder);
        await _host.StartAsync();
        var started = _time.GetUtcNow();

        var connections = new[] { await _server.NextConnectionAsync(), await _server.NextConnectionAsync(), await _server.NextConnectionAsync(), await _server.NextConnectionAsync() };
        var identifiedAt = await IdentifyTimesAsync(connections);

        // Buckets are shard_id % 2: one shard of each bucket goes at once, the other two one slot later.
        var order = connections.Zip(identifiedAt).OrderBy(p => p.Second).ToList();
        Assert.Equal([0, 1], order.Take(2).Select(p => p.First.Shard![0] % 2).Order());
        Assert.Equal([0, 1], order.Skip(2).Select(p => p.First.Shard![0] % 2).Order());
        Assert.All(order.Take(2), p => Assert.True(p.Second - started < IdentifyLimiter.Window));
        Assert.All(order.Skip(2), p => Assert.True(p.Second - started >= IdentifyLimiter.Window));
    }

    [Fact]
    public async Task Identify_AnsweredWithOp9_IdentifiesAgainAtTheBucketsNextSlotAndSaysSo()
    {
        var logs = new CapturingLoggerProvider();
        _server.RefuseIdentifies = 1;
        _host = DiscordTestHost.Build(_server, _time, _recorder, configure: s => s.AddLogging(b => b.AddProvider(logs)));
        await _host.StartAsync();

        var refused = await _server.NextConnectionAsync();
        await refused.NextAsync(2);
        var retry = await _server.NextConnectionAsync();
        var identify = retry.NextAsync(2, TimeSpan.FromSeconds(30));
        _time.Advance(IdentifyLimiter.Window);
        await Task.Delay(300);
        Assert.False(identify.IsCompleted, "identified again before the bucket's next slot");

        _time.Advance(IdentifyLimiter.Margin);
        await identify.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(logs.Lines, l => l.Contains("Gateway shard 0 IDENTIFY refused (op 9", StringComparison.Ordinal));
    }

    /// <summary>Advances the clock in small steps and notes the fake time at which each connection's IDENTIFY arrives.</summary>
    private async Task<DateTimeOffset[]> IdentifyTimesAsync(FakeGatewayConnection[] connections)
    {
        var identifies = connections.Select(c => c.NextAsync(2, TimeSpan.FromSeconds(30))).ToArray();
        var times = new DateTimeOffset?[connections.Length];
        for (var i = 0; i < 2_000 && times.Any(t => t is null); i++)
        {
            await Task.WhenAny(Task.WhenAll(identifies), Task.Delay(20));
            for (var c = 0; c < connections.Length; c++)
            {
                if (times[c] is null && identifies[c].IsCompleted)
                {
                    times[c] = _time.GetUtcNow();
                }
            }

            _time.Advance(TimeSpan.FromMilliseconds(50));
        }

        return [.. times.Select(t => t ?? throw new TimeoutException("A shard never identified."))];
    }

    [Fact]
    public async Task Start_ShardIdsRange_RunsOnlyThoseShardsOfTheConfiguredCount()
    {
        _server.MaxConcurrency = 4;

        var connections = await StartShardsAsync(2, new Dictionary<string, string?> { ["Discord:ShardCount"] = "4", ["Discord:ShardIds"] = "2-3" });

        Assert.Equal(["2/4", "3/4"], connections.Select(c => $"{c.Shard![0]}/{c.Shard[1]}").Order());
        await Assert.ThrowsAsync<TimeoutException>(() => _server.NextConnectionAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Heartbeat_OneOfThreeShardsIsAZombie_OnlyThatShardResumesItsOwnSession()
    {
        _server.RecommendedShards = 3;
        _server.MaxConcurrency = 3;
        var connections = await StartShardsAsync(3);
        var zombie = connections.Single(c => c.Shard![0] == 1);
        var healthy = connections.Where(c => c != zombie).ToList();
        await zombie.DispatchAsync("GUILD_CREATE", new JsonObject());
        zombie.AckHeartbeats = false;

        var resumed = await _time.AdvanceUntilAsync(_server.NextConnectionAsync(TimeSpan.FromSeconds(20)), TimeSpan.FromSeconds(5));
        var resume = await resumed.NextAsync(6);

        Assert.Equal(zombie.SessionId, resume["d"]!["session_id"]!.GetValue<string>());
        Assert.Equal(2, resume["d"]!["seq"]!.GetValue<int>());
        Assert.NotEqual(1000, await zombie.Closed.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.All(healthy, c => Assert.False(c.Closed.IsCompleted));
        Assert.All(healthy, c => Assert.Single(c.Log, p => p["op"]!.GetValue<int>() is 2 or 6));
        var shards = _host!.Services.GetRequiredService<DiscordGatewayClient>().Shards.OrderBy(s => s.Id).ToList();
        Assert.Equal([0, 1, 0], shards.Select(s => s.Reconnects));
        Assert.Equal(3, _server.AllConnections.Count(c => c.Log.Any(p => p["op"]!.GetValue<int>() == 2)));
    }

    [Fact]
    public async Task Dispatch_EachGuildsEvents_ArriveThroughItsShardAndReachTheHandlers()
    {
        _server.RecommendedShards = 3;
        _server.MaxConcurrency = 3;
        await StartShardsAsync(3);

        // Guild ids whose creation part (id >> 22) is 30, 31 and 32: shards 0, 1 and 2.
        var guilds = new[] { 30UL << 22, 31UL << 22, 32UL << 22 };
        for (var i = 0; i < guilds.Length; i++)
        {
            var connection = _server.ConnectionForGuild(guilds[i]);
            Assert.Equal(i, connection.Shard![0]);
            await connection.DispatchAsync("INTERACTION_CREATE", FakeDiscordServer.SlashCommand(700 + (ulong)i, guilds[i], 900, 1000, "ask"));
        }

        var received = new List<ulong>();
        for (var i = 0; i < guilds.Length; i++)
        {
            received.Add((await _recorder.Interactions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10))).GuildId!.Value.Value);
        }

        Assert.Equal(guilds, received.Order());
    }

    [Fact]
    public async Task Start_ShardIdsPastTheRecommendedCount_StopsTheHostNamingTheSetting()
    {
        _server.RecommendedShards = 2;
        var logs = new CapturingLoggerProvider();
        _host = DiscordTestHost.Build(_server, _time, _recorder, new Dictionary<string, string?> { ["Discord:ShardIds"] = "2" });
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var previousExitCode = Environment.ExitCode;
        try
        {
            await _host.StartAsync();
            await _host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(1, Environment.ExitCode);
            Assert.Contains(logs.Lines, l => l.Contains("Discord:ShardIds '2'", StringComparison.Ordinal) && l.Contains("0 to 1", StringComparison.Ordinal));
        }
        finally
        {
            Environment.ExitCode = previousExitCode;
        }
    }

    [Theory]
    [InlineData(0UL, 3, 0)]
    [InlineData(5UL << 22, 3, 2)]
    [InlineData((5UL << 22) + 4194303, 3, 2)] // the low 22 bits (worker, process, increment) never matter
    [InlineData(175928847299117063UL, 16, 4)] // 175928847299117063 >> 22 = 41944705796; % 16 = 4
    public void ShardFor_GuildId_IsCreationTimeModuloShardCount(ulong guild, int count, int expected) =>
        Assert.Equal(expected, ShardPlan.ShardFor(new GuildId(guild), count));

    [Theory]
    [InlineData(null, null, 5, "0,1,2,3,4")]
    [InlineData("3", null, 5, "3")]
    [InlineData("1-2", "4", 9, "1,2")]
    public void Resolve_Settings_PicksCountAndIds(string? ids, string? count, int recommended, string expected)
    {
        var options = new DiscordOptions { ShardIds = ids, ShardCount = count is null ? null : int.Parse(count, System.Globalization.CultureInfo.InvariantCulture) };

        var plan = ShardPlan.Resolve(options, new GatewayBotResponse("wss://x", recommended, new SessionStartLimit(1000, 1000, 0, 16)));

        Assert.Equal(expected, string.Join(',', plan.ShardIds));
        Assert.Equal(16, plan.MaxConcurrency);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("3-1")]
    [InlineData("-1")]
    [InlineData("0-4")]
    public void Validate_BadShardIds_NamesTheSetting(string ids)
    {
        var result = new DiscordOptionsValidator().Validate(null, new DiscordOptions { Token = "t", ShardIds = ids, ShardCount = 4 });

        Assert.True(result.Failed);
        Assert.Contains("Discord:ShardIds", result.FailureMessage, StringComparison.Ordinal);
    }

    private async Task<List<FakeGatewayConnection>> StartShardsAsync(int expected, IDictionary<string, string?>? settings = null)
    {
        _host = DiscordTestHost.Build(_server, _time, _recorder, settings);
        await _host.StartAsync();
        var connections = new List<FakeGatewayConnection>();
        for (var i = 0; i < expected; i++)
        {
            var connection = await _server.NextConnectionAsync();
            await connection.NextAsync(2);
            connections.Add(connection);
        }

        for (var i = 0; i < expected; i++)
        {
            await _recorder.Ready.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        return connections;
    }
}
