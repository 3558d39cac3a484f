using System.Buffers;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Discord.Gateway;

/// <summary>One shard as an operator sees it.</summary>
/// <param name="Ready">Whether the shard has a live session (READY or RESUMED on its current connection).</param>
public sealed record GatewayShardStatus(int Id, int Count, string? SessionId, int? Sequence, int Reconnects, bool Ready);

/// <summary>
/// The gateway v10 connections, one per shard, and the hosted service that keeps them up: HELLO, jittered heartbeats
/// with ACK tracking (a missed ACK is a zombie: close non-1000 and RESUME), IDENTIFY/RESUME, op 7 and op 9, close-code
/// rules, and back-off with jitter capped at 60 s. Fatal closes (4004, 4010-4014) stop the host with exit code 1.
/// </summary>
/// <remarks>
/// Sharding: the shard count is <c>Discord:ShardCount</c>, else the one <c>GET /gateway/bot</c> recommends; this process
/// runs <c>Discord:ShardIds</c>, else all of them. Every shard reconnects and resumes on its own (a zombie shard does
/// not disturb the others); IDENTIFYs are spaced by <see cref="IdentifyLimiter"/> as <c>max_concurrency</c> allows.
/// Discord sends each guild's events to shard <c>(guild_id &gt;&gt; 22) % shard_count</c> (<see cref="ShardPlan.ShardFor"/>).
/// </remarks>
public sealed partial class DiscordGatewayClient(
    DiscordRestClient rest,
    IEnumerable<IGatewayEventHandler> handlers,
    GatewaySession session,
    IOptions<DiscordOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    IMeterFactory meterFactory,
    ILogger<DiscordGatewayClient> logger) : BackgroundService
{
    /// <summary>Outgoing gateway payloads may not exceed this many bytes.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>The meter operators watch the gateway with.</summary>
    public const string MeterName = "Briefer.Discord";

    /// <summary>How long connecting and waiting for HELLO may take before the connection counts as failed.</summary>
    internal static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    // IMeterFactory hands back one cached meter per name, so each instrument may ask for it.
    private readonly Counter<long> _reconnectCounter = meterFactory.Create(MeterName)
        .CreateCounter<long>("briefer.discord.gateway.reconnects", description: "Gateway reconnects, by shard and action (Resume, Reidentify).");
    private readonly Counter<long> _sessionCounter = meterFactory.Create(MeterName)
        .CreateCounter<long>("briefer.discord.gateway.sessions", description: "Gateway sessions started (READY) and resumed (RESUMED), by shard.");
    private readonly Histogram<double> _heartbeatLatency = meterFactory.Create(MeterName)
        .CreateHistogram<double>("briefer.discord.gateway.heartbeat.latency", unit: "s", description: "Time from a heartbeat to its ACK, by shard.");
    private readonly GatewayDispatcher _dispatcher = new(handlers, logger);
    private volatile bool _optionalIntentsRefused;
    private volatile ShardState[] _shards = [];
    private readonly Lock _stateGate = new();

    /// <summary>The bot's own user, known after READY.</summary>
    public DiscordUser? CurrentUser => session.CurrentUser;

    /// <summary>The application id, known after READY.</summary>
    public AppId? ApplicationId => session.ApplicationId;

    /// <summary>The shards this process runs, known once <c>GET /gateway/bot</c> has answered.</summary>
    public ShardPlan? Plan { get; private set; }

    /// <summary>The last dispatch sequence number received (by the first shard this process runs).</summary>
    public int? Sequence => _shards.FirstOrDefault()?.Sequence;

    /// <summary>Counts reconnects of every shard, for operators and tests.</summary>
    public int Reconnects => _shards.Sum(s => s.Reconnects);

    /// <summary>Each shard's state, for operators and tests.</summary>
    public IReadOnlyList<GatewayShardStatus> Shards => [.. _shards.Select(s => new GatewayShardStatus(s.Id, s.Count, s.SessionId, s.Sequence, s.Reconnects, s.Ready))];

    /// <summary>
    /// Where the connection stands, for health checks: read-only, updated as the gateway loop runs. With several shards:
    /// Connected when every shard of this process has a live session, Reconnecting while any has lost its own.
    /// </summary>
    public GatewayConnectionState State { get; private set; } = GatewayConnectionState.NotStarted;

    /// <summary>When <see cref="State"/> last changed (UTC).</summary>
    public DateTimeOffset StateChangedAt { get; private set; }

    /// <summary>When every shard of this process first had a session (the first READYs), UTC; null while the bot is starting.</summary>
    public DateTimeOffset? FirstConnectedAt { get; private set; }

    private void SetState(GatewayConnectionState state)
    {
        State = state;
        StateChangedAt = time.GetUtcNow();
        if (state == GatewayConnectionState.Connected)
        {
            FirstConnectedAt ??= StateChangedAt;
        }
    }

    /// <summary>The state of the process's shards together (see <see cref="State"/>).</summary>
    private void UpdateState()
    {
        lock (_stateGate)
        {
            var shards = _shards;
            var next = shards.All(s => s.Ready) ? GatewayConnectionState.Connected
                : shards.Any(s => s.Reconnects > 0 || s.SessionId is not null) ? GatewayConnectionState.Reconnecting
                : GatewayConnectionState.Connecting;
            if (State is not GatewayConnectionState.Stopped && next != State)
            {
                SetState(next);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DiscordFatalException ex)
        {
            SetState(GatewayConnectionState.Stopped);
            Log.GatewayFatal(logger, ex.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
#pragma warning disable CA1031 // The top of the gateway loop: whatever escapes must stop the host loudly, never silently.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SetState(GatewayConnectionState.Stopped);
            Log.GatewayCrashed(logger, ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        SetState(GatewayConnectionState.Connecting);
        Log.ThreadPoolFloor(logger, ThreadPoolFloor.Raise(options.Value.MinWorkerThreads));
        var gateway = await GetGatewayBotAsync(stoppingToken).ConfigureAwait(false);
        var plan = ShardPlan.Resolve(options.Value, gateway);
        Plan = plan;
        _shards = [.. plan.ShardIds.Select(id => new ShardState(id, plan.ShardCount))];
        Log.GatewayShardPlan(logger, plan.ShardIds.Count, plan.ShardCount, string.Join(',', plan.ShardIds.Take(16)) + (plan.ShardIds.Count > 16 ? ",…" : string.Empty), plan.MaxConcurrency);
        if (gateway.SessionStartLimit is { Remaining: var remaining, ResetAfter: var resetAfter } && remaining < plan.ShardIds.Count)
        {
            // Every IDENTIFY past the daily budget would be refused: wait for it to reset rather than spend it in a loop.
            var wait = TimeSpan.FromMilliseconds(Math.Max(0, resetAfter));
            Log.GatewayIdentifyBudgetExhausted(logger, remaining, plan.ShardIds.Count, wait.TotalMinutes);
            await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
        }

        var limiter = new IdentifyLimiter(time, plan.MaxConcurrency);
        Log.GatewayIdentifyPlan(logger, plan.ShardIds.Count, plan.MaxConcurrency, IdentifyLimiter.Spacing.TotalSeconds, IdentifyLimiter.TimeToIdentifyAll(plan.ShardIds.Count, plan.MaxConcurrency).TotalSeconds);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var running = _shards.Select(shard => RunShardAsync(shard, gateway.Url, limiter, stopping.Token)).ToList();
        try
        {
            // A shard that fails for good (a fatal close, an unexpected error) takes the others down with it: the host stops.
            var first = await Task.WhenAny(running).ConfigureAwait(false);
            await first.ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(running).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The first failure is already on its way up; the rest are its consequences.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private async Task RunShardAsync(ShardState shard, string gatewayUrl, IdentifyLimiter limiter, CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ShardId"] = shard.Id, ["ShardCount"] = shard.Count });
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var resuming = shard.SessionId is not null && shard.ResumeUrl is not null;
            ConnectionOutcome outcome;
            try
            {
                outcome = await RunConnectionAsync(shard, resuming ? shard.ResumeUrl! : gatewayUrl, limiter, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or JsonException or InvalidOperationException or OperationCanceledException
                                       && !stoppingToken.IsCancellationRequested)
            {
                Log.GatewayConnectionFailed(logger, ex.GetType().Name, ex.Message);
                outcome = new ConnectionOutcome(CloseAction.Resume, Established: false);
            }

            shard.Ready = false;
            if (outcome.Action == CloseAction.Reidentify)
            {
                shard.SessionId = null;
                shard.ResumeUrl = null;
                shard.Sequence = null;
            }

            failures = outcome.Established ? 0 : failures + 1;
            var delay = outcome.Delay ?? (failures == 0 ? TimeSpan.Zero : Backoff(failures));
            shard.Reconnects++;
            UpdateState();
            _reconnectCounter.Add(1, new KeyValuePair<string, object?>("action", outcome.Action.ToString()), new KeyValuePair<string, object?>("shard", shard.Id));
            Log.GatewayReconnecting(logger, shard.Id, outcome.Action.ToString(), delay.TotalSeconds, failures);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<GatewayBotResponse> GetGatewayBotAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
                if (response is { Url.Length: > 0 })
                {
                    return response;
                }

                Log.GatewayConnectionFailed(logger, nameof(JsonException), "GET /gateway/bot answered without a gateway url.");
            }
            // A timeout (HttpClient's surfaces as TaskCanceledException) or a garbled body is as transient as a dropped connection.
            catch (Exception ex) when (ex is HttpRequestException or DiscordRestException or JsonException or OperationCanceledException
                                       && !cancellationToken.IsCancellationRequested)
            {
                Log.GatewayConnectionFailed(logger, ex.GetType().Name, ex.Message);
            }

            var delay = Backoff(attempt);
            Log.GatewayUrlRetrying(logger, attempt, delay.TotalSeconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Exponential back-off from 1 s, capped at 60 s, with "equal jitter" (half fixed, half random).</summary>
    internal static TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures, 10) - 1));
        return TimeSpan.FromSeconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
