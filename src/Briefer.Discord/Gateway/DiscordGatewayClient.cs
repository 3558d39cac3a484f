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
public sealed class DiscordGatewayClient(
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
    private readonly IGatewayEventHandler[] _handlers = handlers.ToArray();
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

    private async Task<ConnectionOutcome> RunConnectionAsync(ShardState shard, string url, IdentifyLimiter identifyLimiter, CancellationToken stoppingToken)
    {
        using var socket = new ClientWebSocket();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var uri = new Uri(url.TrimEnd('/') + "/?v=10&encoding=json");

        // A half-open connection, or a server that never says HELLO, must not stall the bot on the stopping token alone.
        GatewayPayload? hello;
        using (var handshakeTimeout = new CancellationTokenSource(HandshakeTimeout, time))
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, handshakeTimeout.Token))
        {
            try
            {
                await socket.ConnectAsync(uri, handshake.Token).ConfigureAwait(false);
                Log.GatewayConnected(logger, shard.Id, uri.Host);
                hello = await ReceiveAsync(socket, handshake.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (handshakeTimeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                Log.GatewayHandshakeTimedOut(logger, HandshakeTimeout.TotalSeconds);
                return new ConnectionOutcome(CloseAction.Resume, Established: false);
            }
        }

        if (hello is not { Op: GatewayOpCode.Hello, D: { } helloData })
        {
            return CloseOutcome(socket);
        }

        var interval = TimeSpan.FromMilliseconds(helloData.Deserialize(DiscordJsonContext.Default.HelloEvent)!.HeartbeatInterval);
        using var limiter = new GatewaySendLimiter();
        var state = new ConnectionState(shard, socket, limiter, identifyLimiter);
        var heartbeat = HeartbeatLoopAsync(state, interval, connection);

        try
        {
            if (shard.SessionId is { } session)
            {
                await SendAsync(state, new GatewayCommand<ResumeParams>(GatewayOpCode.Resume, new ResumeParams(options.Value.Token, session, shard.Sequence)), DiscordJsonContext.Default.GatewayCommandResumeParams, connection.Token).ConfigureAwait(false);
                Log.GatewayResuming(logger, shard.Id, session, shard.Sequence);
            }
            else
            {
                // The bucket's slot is taken now, after HELLO, so the 5 s are counted from the IDENTIFY itself.
                await identifyLimiter.WaitAsync(shard.Id, connection.Token).ConfigureAwait(false);
                state.SentIdentify = true;
                var identify = new IdentifyParams(options.Value.Token, options.Value.Intents, new IdentifyConnectionProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "briefer", "briefer"), [shard.Id, shard.Count]);
                await SendAsync(state, new GatewayCommand<IdentifyParams>(GatewayOpCode.Identify, identify), DiscordJsonContext.Default.GatewayCommandIdentifyParams, connection.Token).ConfigureAwait(false);
                identifyLimiter.Sent(shard.Id);
                Log.GatewayIdentifying(logger, shard.Id, shard.Count, (int)options.Value.Intents);
            }

            while (true)
            {
                GatewayPayload? payload;
                try
                {
                    payload = await ReceiveAsync(socket, connection.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The heartbeat loop found a zombie connection and closed it.
                    return new ConnectionOutcome(CloseAction.Resume, state.Established);
                }

                if (payload is null)
                {
                    // When we closed a zombie ourselves, the server's answering close code says nothing about the session.
                    return state.ClosedByUs
                        ? new ConnectionOutcome(CloseAction.Resume, state.Established)
                        : CloseOutcome(socket) with { Established = state.Established };
                }

                var outcome = await HandleAsync(state, payload, connection.Token).ConfigureAwait(false);
                if (outcome is not null)
                {
                    await CloseAsync(socket, GatewayCloseCode.GoingAwayResumable).ConfigureAwait(false);
                    return outcome with { Established = state.Established };
                }
            }
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            try
            {
                await heartbeat.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            if (stoppingToken.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                await CloseAsync(socket, GatewayCloseCode.Normal).ConfigureAwait(false);
            }
        }
    }

    private async Task<ConnectionOutcome?> HandleAsync(ConnectionState state, GatewayPayload payload, CancellationToken cancellationToken)
    {
        switch (payload.Op)
        {
            case GatewayOpCode.Dispatch:
                if (payload.S is { } seq)
                {
                    state.Shard.Sequence = seq;
                }

                Dispatch(state, payload, cancellationToken);
                return null;
            case GatewayOpCode.Heartbeat:
                await SendHeartbeatAsync(state, cancellationToken).ConfigureAwait(false);
                return null;
            case GatewayOpCode.HeartbeatAck:
                state.Acked = true;
                if (state.HeartbeatSentAt is { } sentAt)
                {
                    _heartbeatLatency.Record(time.GetElapsedTime(sentAt).TotalSeconds, new KeyValuePair<string, object?>("shard", state.Shard.Id));
                }

                return null;
            case GatewayOpCode.Reconnect:
                Log.GatewayReconnectRequested(logger);
                return new ConnectionOutcome(CloseAction.Resume, true);
            case GatewayOpCode.InvalidSession:
                var resumable = payload.D is { ValueKind: JsonValueKind.True };
                if (!resumable && state.SentIdentify && !state.Established)
                {
                    // Refused at the gateway (another process, or the gateway's own clock): identify again at the bucket's next slot.
                    Log.GatewayIdentifyRefused(logger, state.Shard.Id, state.Identify.UntilNextSlot(state.Shard.Id).TotalSeconds);
                    return new ConnectionOutcome(CloseAction.Reidentify, Established: false, TimeSpan.Zero);
                }

                Log.GatewayInvalidSession(logger, resumable);
                return resumable
                    ? new ConnectionOutcome(CloseAction.Resume, true)
                    : new ConnectionOutcome(CloseAction.Reidentify, true, TimeSpan.FromSeconds(1 + (Random.Shared.NextDouble() * 4)));
            default:
                return null;
        }
    }

    private void Dispatch(ConnectionState state, GatewayPayload payload, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetTimestamp();
        if (payload.D is not { } data)
        {
            return;
        }

        switch (payload.T)
        {
            case "READY":
                var ready = data.Deserialize(DiscordJsonContext.Default.ReadyEvent)!;
                state.Shard.SessionId = ready.SessionId;
                state.Shard.ResumeUrl = ready.ResumeGatewayUrl;
                state.Shard.Ready = true;
                session.OnReady(ready);
                state.Established = true;
                _sessionCounter.Add(1, new KeyValuePair<string, object?>("shard", state.Shard.Id), new KeyValuePair<string, object?>("kind", "identified"));
                Log.GatewayReady(logger, state.Shard.Id, ready.User.Id.Value, ready.SessionId);
                UpdateState();
                Fan(h => h.OnReadyAsync(ready, cancellationToken), payload.T);
                break;
            case "RESUMED":
                state.Established = true;
                state.Shard.Ready = true;
                _sessionCounter.Add(1, new KeyValuePair<string, object?>("shard", state.Shard.Id), new KeyValuePair<string, object?>("kind", "resumed"));
                Log.GatewayResumed(logger, state.Shard.Id, state.Shard.Sequence);
                UpdateState();
                break;
            case "INTERACTION_CREATE":
                var interaction = data.Deserialize(DiscordJsonContext.Default.InteractionCreateEvent)!;
                Fan(h => h.OnInteractionCreateAsync(interaction, receivedAt, cancellationToken), payload.T);
                break;
            case "MESSAGE_CREATE":
                var message = data.Deserialize(DiscordJsonContext.Default.MessageCreateEvent)!;
                Fan(h => h.OnMessageCreateAsync(message, cancellationToken), payload.T);
                break;
            default:
                if (GuildStateEvent.Read(payload.T, data) is { } change)
                {
                    Fan(h => h.OnGuildStateAsync(change, cancellationToken), payload.T!);
                }

                break;
        }
    }

    private void Fan(Func<IGatewayEventHandler, Task> call, string eventName)
    {
        foreach (var handler in _handlers)
        {
            _ = RunHandlerAsync(handler, call, eventName);
        }
    }

    private async Task RunHandlerAsync(IGatewayEventHandler handler, Func<IGatewayEventHandler, Task> call, string eventName)
    {
        try
        {
            await call(handler).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The top of the event loop: one bad event must not stop the gateway.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.GatewayHandlerFailed(logger, eventName, ex);
        }
    }

    private async Task HeartbeatLoopAsync(ConnectionState state, TimeSpan interval, CancellationTokenSource connection)
    {
        await Task.Yield();
        var token = connection.Token;
        try
        {
            // Discord asks for a random first delay so a fleet of reconnecting clients does not beat in step.
            await Task.Delay(interval * Random.Shared.NextDouble(), time, token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                if (!state.Acked)
                {
                    Log.GatewayZombie(logger, state.Shard.Id);
                    state.ClosedByUs = true;
                    await CloseAsync(state.Socket, GatewayCloseCode.GoingAwayResumable).ConfigureAwait(false);
                    await connection.CancelAsync().ConfigureAwait(false);
                    return;
                }

                state.Acked = false;
                await SendHeartbeatAsync(state, token).ConfigureAwait(false);
                await Task.Delay(interval, time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException ex)
        {
            Log.GatewayConnectionFailed(logger, ex.GetType().Name, ex.Message);
            await connection.CancelAsync().ConfigureAwait(false);
        }
    }

    private Task SendHeartbeatAsync(ConnectionState state, CancellationToken cancellationToken)
    {
        state.HeartbeatSentAt = time.GetTimestamp();
        return SendAsync(state, new GatewayCommand<int?>(GatewayOpCode.Heartbeat, state.Shard.Sequence), DiscordJsonContext.Default.GatewayCommandNullableInt32, cancellationToken);
    }

    private async Task SendAsync<T>(ConnectionState state, T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, typeInfo);
        if (bytes.Length > MaxPayloadBytes)
        {
            throw new InvalidOperationException($"A gateway payload of {bytes.Length} bytes exceeds Discord's {MaxPayloadBytes}-byte limit.");
        }

        await state.Limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        await state.SendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await state.Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            state.SendLock.Release();
        }
    }

    private static async Task<GatewayPayload?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return JsonSerializer.Deserialize(buffer.WrittenSpan, DiscordJsonContext.Default.GatewayPayload);
            }
        }
    }

    private ConnectionOutcome CloseOutcome(ClientWebSocket socket)
    {
        var code = (int?)socket.CloseStatus;
        Log.GatewayClosed(logger, code, socket.CloseStatusDescription);
        return GatewayCloseCodes.ActionFor(code) switch
        {
            CloseAction.Fatal => throw new DiscordFatalException(GatewayCloseCodes.Explain(code!.Value)),
            var action => new ConnectionOutcome(action, Established: false),
        };
    }

    private static async Task CloseAsync(ClientWebSocket socket, GatewayCloseCode code)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync((WebSocketCloseStatus)(int)code, code.ToString(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The connection is being dropped anyway.
        }
    }

    private sealed record ConnectionOutcome(CloseAction Action, bool Established, TimeSpan? Delay = null);

    /// <summary>One shard's session, kept across its connections.</summary>
    private sealed class ShardState(int id, int count)
    {
        public int Id { get; } = id;

        public int Count { get; } = count;

        public string? SessionId { get; set; }

        public string? ResumeUrl { get; set; }

        public int? Sequence { get; set; }

        public int Reconnects { get; set; }

        public volatile bool Ready;
    }

    private sealed class ConnectionState(ShardState shard, ClientWebSocket socket, GatewaySendLimiter limiter, IdentifyLimiter identify)
    {
        public IdentifyLimiter Identify { get; } = identify;

        /// <summary>Whether this connection sent IDENTIFY (an op 9 before READY then means the IDENTIFY was refused).</summary>
        public bool SentIdentify { get; set; }

        public ShardState Shard { get; } = shard;

        public ClientWebSocket Socket { get; } = socket;

        public GatewaySendLimiter Limiter { get; } = limiter;

        /// <summary>Heartbeats and replies to op 1 may be sent at once; a WebSocket takes one send at a time.</summary>
        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public volatile bool Acked = true;

        public volatile bool ClosedByUs;

        public long? HeartbeatSentAt { get; set; }

        public bool Established { get; set; }
    }
}
