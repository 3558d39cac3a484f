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

// Dispatches (session events here, the rest through GatewayDispatcher), close codes, and the state of shards and connections.
public sealed partial class DiscordGatewayClient
{
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
                _dispatcher.Ready(ready, cancellationToken);
                break;
            case "RESUMED":
                state.Established = true;
                state.Shard.Ready = true;
                _sessionCounter.Add(1, new KeyValuePair<string, object?>("shard", state.Shard.Id), new KeyValuePair<string, object?>("kind", "resumed"));
                Log.GatewayResumed(logger, state.Shard.Id, state.Shard.Sequence);
                UpdateState();
                break;
            default:
                _dispatcher.Dispatch(payload.T, data, receivedAt, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// The intents IDENTIFY asks for: <c>Discord:Intents</c>, plus <c>Discord:OptionalIntents</c> until Discord has refused
    /// them once (close 4014).
    /// </summary>
    internal GatewayIntents IdentifyIntents => _optionalIntentsRefused ? options.Value.Intents : options.Value.Intents | options.Value.OptionalIntents;

    private ConnectionOutcome CloseOutcome(ClientWebSocket socket)
    {
        var code = (int?)socket.CloseStatus;
        Log.GatewayClosed(logger, code, socket.CloseStatusDescription);
        var optional = options.Value.OptionalIntents & ~options.Value.Intents;
        if (code == (int)GatewayCloseCode.DisallowedIntents && optional != GatewayIntents.None && !_optionalIntentsRefused)
        {
            // Optional privileged intents are a wish, not a requirement: identify again without them, and say so once.
            _optionalIntentsRefused = true;
            session.RefusedIntents = optional;
            Log.GatewayOptionalIntentsRefused(logger, optional.ToString());
            _dispatcher.IntentsRefused(optional, CancellationToken.None);
            return new ConnectionOutcome(CloseAction.Reidentify, Established: false, TimeSpan.Zero);
        }

        return GatewayCloseCodes.ActionFor(code) switch
        {
            CloseAction.Fatal => throw new DiscordFatalException(GatewayCloseCodes.Explain(code!.Value)),
            var action => new ConnectionOutcome(action, Established: false),
        };
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
