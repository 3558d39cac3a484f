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

/// <summary>
/// The gateway v10 connection, and the hosted service that keeps it up: HELLO, jittered heartbeats with ACK
/// tracking (a missed ACK is a zombie: close non-1000 and RESUME), IDENTIFY/RESUME, op 7 and op 9, close-code
/// rules, and back-off with jitter capped at 60 s. Fatal closes (4004, 4010-4014) stop the host with exit code 1.
/// </summary>
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
    private readonly Counter<long> _reconnectCounter = meterFactory.Create(MeterName)
        .CreateCounter<long>("briefer.discord.gateway.reconnects", description: "Gateway reconnects, by action (Resume, Identify).");
    private readonly IGatewayEventHandler[] _handlers = handlers.ToArray();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private string? _sessionId;
    private string? _resumeUrl;
    private int? _sequence;

    /// <summary>The bot's own user, known after READY.</summary>
    public DiscordUser? CurrentUser => session.CurrentUser;

    /// <summary>The application id, known after READY.</summary>
    public AppId? ApplicationId => session.ApplicationId;

    /// <summary>The last dispatch sequence number received.</summary>
    public int? Sequence => _sequence;

    /// <summary>Counts reconnects, for operators and tests.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Where the connection stands, for health checks: read-only, updated as the gateway loop runs.</summary>
    public GatewayConnectionState State { get; private set; } = GatewayConnectionState.NotStarted;

    /// <summary>When <see cref="State"/> last changed (UTC).</summary>
    public DateTimeOffset StateChangedAt { get; private set; }

    private void SetState(GatewayConnectionState state)
    {
        State = state;
        StateChangedAt = time.GetUtcNow();
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
        var gatewayUrl = await GetGatewayUrlAsync(stoppingToken).ConfigureAwait(false);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var resuming = _sessionId is not null && _resumeUrl is not null;
            ConnectionOutcome outcome;
            try
            {
                outcome = await RunConnectionAsync(resuming ? _resumeUrl! : gatewayUrl, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or JsonException or InvalidOperationException or OperationCanceledException
                                       && !stoppingToken.IsCancellationRequested)
            {
                Log.GatewayConnectionFailed(logger, ex.GetType().Name, ex.Message);
                outcome = new ConnectionOutcome(CloseAction.Resume, Established: false);
            }

            if (outcome.Action == CloseAction.Reidentify)
            {
                _sessionId = null;
                _resumeUrl = null;
                _sequence = null;
            }

            SetState(GatewayConnectionState.Reconnecting);
            failures = outcome.Established ? 0 : failures + 1;
            var delay = outcome.Delay ?? (failures == 0 ? TimeSpan.Zero : Backoff(failures));
            Reconnects++;
            _reconnectCounter.Add(1, new KeyValuePair<string, object?>("action", outcome.Action.ToString()));
            Log.GatewayReconnecting(logger, outcome.Action.ToString(), delay.TotalSeconds, failures);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> GetGatewayUrlAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
                if (response is { Url.Length: > 0 })
                {
                    return response.Url;
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

    private async Task<ConnectionOutcome> RunConnectionAsync(string url, CancellationToken stoppingToken)
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
                Log.GatewayConnected(logger, uri.Host);
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
        var state = new ConnectionState(socket, limiter);
        var heartbeat = HeartbeatLoopAsync(state, interval, connection);

        try
        {
            if (_sessionId is { } session)
            {
                await SendAsync(state, new GatewayCommand<ResumeParams>(GatewayOpCode.Resume, new ResumeParams(options.Value.Token, session, _sequence)), DiscordJsonContext.Default.GatewayCommandResumeParams, connection.Token).ConfigureAwait(false);
                Log.GatewayResuming(logger, session, _sequence);
            }
            else
            {
                var identify = new IdentifyParams(options.Value.Token, options.Value.Intents, new IdentifyConnectionProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "briefer", "briefer"));
                await SendAsync(state, new GatewayCommand<IdentifyParams>(GatewayOpCode.Identify, identify), DiscordJsonContext.Default.GatewayCommandIdentifyParams, connection.Token).ConfigureAwait(false);
                Log.GatewayIdentifying(logger, (int)options.Value.Intents);
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
                    _sequence = seq;
                }

                Dispatch(state, payload, cancellationToken);
                return null;
            case GatewayOpCode.Heartbeat:
                await SendHeartbeatAsync(state, cancellationToken).ConfigureAwait(false);
                return null;
            case GatewayOpCode.HeartbeatAck:
                state.Acked = true;
                return null;
            case GatewayOpCode.Reconnect:
                Log.GatewayReconnectRequested(logger);
                return new ConnectionOutcome(CloseAction.Resume, true);
            case GatewayOpCode.InvalidSession:
                var resumable = payload.D is { ValueKind: JsonValueKind.True };
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
                _sessionId = ready.SessionId;
                _resumeUrl = ready.ResumeGatewayUrl;
                session.OnReady(ready);
                state.Established = true;
                SetState(GatewayConnectionState.Connected);
                Log.GatewayReady(logger, ready.User.Id.Value, ready.SessionId);
                Fan(h => h.OnReadyAsync(ready, cancellationToken), payload.T);
                break;
            case "RESUMED":
                state.Established = true;
                SetState(GatewayConnectionState.Connected);
                Log.GatewayResumed(logger, _sequence);
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
                    Log.GatewayZombie(logger);
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

    private Task SendHeartbeatAsync(ConnectionState state, CancellationToken cancellationToken) =>
        SendAsync(state, new GatewayCommand<int?>(GatewayOpCode.Heartbeat, _sequence), DiscordJsonContext.Default.GatewayCommandNullableInt32, cancellationToken);

    private async Task SendAsync<T>(ConnectionState state, T payload, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, typeInfo);
        if (bytes.Length > MaxPayloadBytes)
        {
            throw new InvalidOperationException($"A gateway payload of {bytes.Length} bytes exceeds Discord's {MaxPayloadBytes}-byte limit.");
        }

        await state.Limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await state.Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
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

    public override void Dispose()
    {
        _sendLock.Dispose();
        base.Dispose();
    }

    private sealed record ConnectionOutcome(CloseAction Action, bool Established, TimeSpan? Delay = null);

    private sealed class ConnectionState(ClientWebSocket socket, GatewaySendLimiter limiter)
    {
        public ClientWebSocket Socket { get; } = socket;

        public GatewaySendLimiter Limiter { get; } = limiter;

        public volatile bool Acked = true;

        public volatile bool ClosedByUs;

        public bool Established { get; set; }
    }
}
