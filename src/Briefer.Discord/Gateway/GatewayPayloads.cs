using System.Text.Json;
using System.Text.Json.Serialization;
using Briefer.Discord.Models;

namespace Briefer.Discord.Gateway;

/// <summary>Gateway opcodes (v10).</summary>
public enum GatewayOpCode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    PresenceUpdate = 3,
    VoiceStateUpdate = 4,
    Resume = 6,
    Reconnect = 7,
    RequestGuildMembers = 8,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}

/// <summary>Gateway intents.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    /// <summary>GUILD_CREATE/DELETE, GUILD_ROLE_*, CHANNEL_* and THREAD_*: what the guild cache is built from.</summary>
    Guilds = 1 << 0,

    /// <summary>Privileged: GUILD_MEMBER_UPDATE, so a member's role changes are seen before their next interaction.</summary>
    GuildMembers = 1 << 1,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,

    /// <summary>Privileged: must be switched on in the Developer Portal, else the gateway closes with 4014.</summary>
    MessageContent = 1 << 15,
}

/// <summary>The envelope of every gateway message.</summary>
public sealed record GatewayPayload(
    [property: JsonPropertyName("op")] GatewayOpCode Op,
    [property: JsonPropertyName("d")] JsonElement? D = null,
    [property: JsonPropertyName("s")] int? S = null,
    [property: JsonPropertyName("t")] string? T = null);

/// <summary>An outbound envelope; <typeparamref name="T"/> is the <c>d</c>.</summary>
public sealed record GatewayCommand<T>(
    [property: JsonPropertyName("op")] GatewayOpCode Op,
    [property: JsonPropertyName("d")] T D);

/// <summary>Op 10.</summary>
public sealed record HelloEvent(int HeartbeatInterval);

/// <summary>The partial application in READY.</summary>
public sealed record ReadyApplication(AppId Id);

/// <summary>READY.</summary>
/// <param name="Shard">The <c>[shard_id, num_shards]</c> the session was identified with, when sharded.</param>
public sealed record ReadyEvent(
    int V,
    DiscordUser User,
    string SessionId,
    string ResumeGatewayUrl,
    ReadyApplication Application,
    IReadOnlyList<int>? Shard = null);

/// <summary>The connection properties of IDENTIFY.</summary>
public sealed record IdentifyConnectionProperties(string Os, string Browser, string Device);

/// <summary>Op 2. The token is never printed.</summary>
/// <param name="Shard"><c>[shard_id, num_shards]</c>; Briefer always sends it (<c>[0, 1]</c> unsharded).</param>
public sealed record IdentifyParams(string Token, GatewayIntents Intents, IdentifyConnectionProperties Properties, IReadOnlyList<int>? Shard = null)
{
    public override string ToString() => $"Identify (intents {Intents}, shard {(Shard is { Count: 2 } s ? $"{s[0]}/{s[1]}" : "none")})";
}

/// <summary>Op 6. The token is never printed.</summary>
public sealed record ResumeParams(string Token, string SessionId, int? Seq)
{
    public override string ToString() => $"Resume (session {SessionId}, seq {Seq})";
}
