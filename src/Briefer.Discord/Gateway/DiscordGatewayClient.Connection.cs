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

// One connection of a shard: HELLO, IDENTIFY or RESUME, the receive loop, heartbeats, sending and closing.
public sealed partial class DiscordGatewayClient
{
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
                var identify = new IdentifyParams(options.Value.Token, IdentifyIntents, new IdentifyConnectionProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "briefer", "briefer"), [shard.Id, shard.Count]);
                await SendAsync(state, new GatewayCommand<IdentifyParams>(GatewayOpCode.Identify, identify), DiscordJsonContext.Default.GatewayCommandIdentifyParams, connection.Token).ConfigureAwait(false);
                identifyLimiter.Sent(shard.Id);
                Log.GatewayIdentifying(logger, shard.Id, shard.Count, (int)identify.Intents);
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
}
