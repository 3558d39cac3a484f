namespace Briefer.Discord.Gateway;

/// <summary>Gateway close codes (v10): Discord's 4000s plus the WebSocket codes a client sends itself.</summary>
public enum GatewayCloseCode
{
    /// <summary>Sent by Briefer on shutdown: ends the session (Discord shows the bot offline).</summary>
    Normal = 1000,

    /// <summary>Sent by Briefer to drop a connection but keep the session resumable (zombie, op 7).</summary>
    GoingAwayResumable = 4900,

    UnknownError = 4000,
    UnknownOpcode = 4001,
    DecodeError = 4002,
    NotAuthenticated = 4003,
    AuthenticationFailed = 4004,
    AlreadyAuthenticated = 4005,
    InvalidSeq = 4007,
    RateLimited = 4008,
    SessionTimedOut = 4009,
    InvalidShard = 4010,
    ShardingRequired = 4011,
    InvalidApiVersion = 4012,
    InvalidIntents = 4013,
    DisallowedIntents = 4014,
}

/// <summary>What a close code means for the next connection.</summary>
public enum CloseAction
{
    /// <summary>Reconnect and RESUME the session.</summary>
    Resume,

    /// <summary>Reconnect with a fresh IDENTIFY (the session is gone).</summary>
    Reidentify,

    /// <summary>Do not reconnect: configuration must change first.</summary>
    Fatal,
}

/// <summary>Close code rules, from Discord's table (developers/topics/opcodes-and-status-codes).</summary>
public static class GatewayCloseCodes
{
    /// <summary>Classifies a close status; unknown codes (including network drops, null) are resumable.</summary>
    public static CloseAction ActionFor(int? code) => code switch
    {
        (int)GatewayCloseCode.AuthenticationFailed
            or (int)GatewayCloseCode.InvalidShard
            or (int)GatewayCloseCode.ShardingRequired
            or (int)GatewayCloseCode.InvalidApiVersion
            or (int)GatewayCloseCode.InvalidIntents
            or (int)GatewayCloseCode.DisallowedIntents => CloseAction.Fatal,
        (int)GatewayCloseCode.InvalidSeq or (int)GatewayCloseCode.SessionTimedOut => CloseAction.Reidentify,

        // A 1000/1001 close from Discord invalidates the session, as the docs warn.
        1000 or 1001 => CloseAction.Reidentify,
        _ => CloseAction.Resume,
    };

    /// <summary>What an operator should do about a fatal close.</summary>
    public static string Explain(int code) => code switch
    {
        (int)GatewayCloseCode.AuthenticationFailed => "Discord rejected the bot token (4004). Set Discord:Token / DISCORD_TOKEN to the token from the Developer Portal's Bot page.",
        (int)GatewayCloseCode.InvalidShard => "Discord rejected the shard (4010): check Discord:ShardCount and Discord:ShardIds (ids run from 0 to ShardCount - 1), or unset ShardCount to use Discord's recommendation.",
        (int)GatewayCloseCode.ShardingRequired => "Discord requires more shards for this bot (4011): it is in too many servers for Discord:ShardCount. Raise Discord:ShardCount (one shard per 1,000-2,500 servers) or unset it to use Discord's recommendation.",
        (int)GatewayCloseCode.InvalidApiVersion => "Discord rejected the gateway version (4012).",
        (int)GatewayCloseCode.InvalidIntents => "Discord rejected Discord:Intents as invalid (4013).",
        (int)GatewayCloseCode.DisallowedIntents => "Discord:Intents asks for a privileged intent that is not enabled (4014). Enable it in the Developer Portal (Bot > Privileged Gateway Intents) or remove MessageContent from Discord:Intents.",
        _ => $"Discord closed the gateway with {code}.",
    };
}
