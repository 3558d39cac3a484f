using Microsoft.Extensions.Logging;

namespace Briefer.Discord;

/// <summary>Log messages of the Discord client: gateway 1000s, REST 2000s. None carries a token.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Gateway shard {ShardId} connected to {Host}")]
    public static partial void GatewayConnected(ILogger logger, int shardId, string host);

    [LoggerMessage(1001, LogLevel.Information, "Gateway shard {ShardId} of {ShardCount} identifying with intents {Intents}")]
    public static partial void GatewayIdentifying(ILogger logger, int shardId, int shardCount, int intents);

    [LoggerMessage(1002, LogLevel.Information, "Gateway shard {ShardId} resuming session {SessionId} at sequence {Sequence}")]
    public static partial void GatewayResuming(ILogger logger, int shardId, string sessionId, int? sequence);

    [LoggerMessage(1003, LogLevel.Information, "Gateway shard {ShardId} READY as user {UserId}, session {SessionId}")]
    public static partial void GatewayReady(ILogger logger, int shardId, ulong userId, string sessionId);

    [LoggerMessage(1004, LogLevel.Information, "Gateway shard {ShardId} RESUMED at sequence {Sequence}")]
    public static partial void GatewayResumed(ILogger logger, int shardId, int? sequence);

    [LoggerMessage(1005, LogLevel.Warning, "Gateway shard {ShardId} missed a heartbeat ACK; closing the zombie connection to resume")]
    public static partial void GatewayZombie(ILogger logger, int shardId);

    [LoggerMessage(1006, LogLevel.Information, "Gateway asked to reconnect (op 7)")]
    public static partial void GatewayReconnectRequested(ILogger logger);

    [LoggerMessage(1007, LogLevel.Warning, "Gateway invalid session (op 9), resumable: {Resumable}")]
    public static partial void GatewayInvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(1008, LogLevel.Warning, "Gateway closed with {CloseCode} {Description}")]
    public static partial void GatewayClosed(ILogger logger, int? closeCode, string? description);

    [LoggerMessage(1009, LogLevel.Information, "Gateway shard {ShardId} reconnecting ({Action}) in {DelaySeconds:F1} s after {Failures} failures")]
    public static partial void GatewayReconnecting(ILogger logger, int shardId, string action, double delaySeconds, int failures);

    [LoggerMessage(1010, LogLevel.Warning, "Gateway connection failed: {ErrorType}: {Error}")]
    public static partial void GatewayConnectionFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(1011, LogLevel.Critical, "Discord gateway stopped for good: {Reason} The host is stopping with exit code 1.")]
    public static partial void GatewayFatal(ILogger logger, string reason);

    [LoggerMessage(1021, LogLevel.Warning, "Discord refused the privileged intents {Intents} (close 4014): they are not enabled in the Developer Portal (Bot > Privileged Gateway Intents). Briefer keeps running without them: messages that do not mention it arrive without their text, so automatic answers in help channels read forum titles only. Enable the intent and restart to use them.")]
    public static partial void GatewayOptionalIntentsRefused(ILogger logger, string intents);

    [LoggerMessage(1012, LogLevel.Error, "Handler for {EventName} failed")]
    public static partial void GatewayHandlerFailed(ILogger logger, string eventName, Exception exception);

    [LoggerMessage(1013, LogLevel.Critical, "Discord gateway failed unexpectedly and cannot carry on. The host is stopping with exit code 1.")]
    public static partial void GatewayCrashed(ILogger logger, Exception exception);

    [LoggerMessage(1014, LogLevel.Warning, "Gateway connect or HELLO took longer than {TimeoutSeconds:F0} s; treating the connection as failed")]
    public static partial void GatewayHandshakeTimedOut(ILogger logger, double timeoutSeconds);

    [LoggerMessage(1015, LogLevel.Warning, "Could not reach Discord for the gateway URL (attempt {Attempt}); next try in {DelaySeconds:F1} s")]
    public static partial void GatewayUrlRetrying(ILogger logger, int attempt, double delaySeconds);

    [LoggerMessage(1016, LogLevel.Information, "Gateway running {Shards} of {ShardCount} shards ({ShardIds}); {MaxConcurrency} may identify per 5 s")]
    public static partial void GatewayShardPlan(ILogger logger, int shards, int shardCount, string shardIds, int maxConcurrency);

    [LoggerMessage(1017, LogLevel.Warning, "Discord allows only {Remaining} more sessions today, fewer than the {Shards} shards to start; waiting {Minutes:F0} min for the limit to reset")]
    public static partial void GatewayIdentifyBudgetExhausted(ILogger logger, int remaining, int shards, double minutes);

    [LoggerMessage(1018, LogLevel.Information, "Gateway shards identify {MaxConcurrency} at a time, {SpacingSeconds:F2} s apart: the last of {Shards} identifies about {Seconds:F0} s after the first")]
    public static partial void GatewayIdentifyPlan(ILogger logger, int shards, int maxConcurrency, double spacingSeconds, double seconds);

    [LoggerMessage(1019, LogLevel.Warning, "Gateway shard {ShardId} IDENTIFY refused (op 9: identified too soon after another session start); identifying again at its bucket's next slot, in {Seconds:F1} s")]
    public static partial void GatewayIdentifyRefused(ILogger logger, int shardId, double seconds);

    [LoggerMessage(1020, LogLevel.Debug, "Thread pool floor: {MinWorkerThreads} worker threads (Discord:MinWorkerThreads)")]
    public static partial void ThreadPoolFloor(ILogger logger, int minWorkerThreads);

    [LoggerMessage(2000, LogLevel.Debug, "REST {Route} -> {Status}")]
    public static partial void RestSucceeded(ILogger logger, string route, int status);

    [LoggerMessage(2001, LogLevel.Warning, "REST {Route} rate limited for {RetryAfterSeconds:F2} s (global: {Global}), attempt {Attempt}")]
    public static partial void RestRateLimited(ILogger logger, string route, double retryAfterSeconds, bool global, int attempt);

    [LoggerMessage(2002, LogLevel.Warning, "REST {Route} server error {Status}, attempt {Attempt}")]
    public static partial void RestServerError(ILogger logger, string route, int status, int attempt);

    [LoggerMessage(2003, LogLevel.Warning, "REST {Route} failed with {Status}, Discord code {Code}")]
    public static partial void RestFailed(ILogger logger, string route, int status, int? code);
}
