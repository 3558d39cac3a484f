using Microsoft.Extensions.Logging;

namespace Briefer.Digests;

/// <summary>Log messages of scheduled digests (6000s). Scope and channel ids, never document text.</summary>
internal static partial class DigestLog
{
    [LoggerMessage(6000, LogLevel.Information, "Digest {ScheduleId} posted in channel {ChannelId} of scope {Scope}: {Bullets} points from {NewDocuments} new documents")]
    public static partial void Posted(ILogger logger, long scheduleId, ulong channelId, string scope, int bullets, int newDocuments);

    [LoggerMessage(6001, LogLevel.Information, "Digest {ScheduleId} of scope {Scope}: nothing new on its topic ({NewDocuments} new documents); posted the quiet line: {PostedLine}")]
    public static partial void NothingNew(ILogger logger, long scheduleId, string scope, int newDocuments, bool postedLine);

    [LoggerMessage(6002, LogLevel.Warning, "Digest {ScheduleId} of scope {Scope} is disabled: {Reason}")]
    public static partial void Disabled(ILogger logger, long scheduleId, string scope, string reason);

    [LoggerMessage(6003, LogLevel.Warning, "Digest {ScheduleId} of scope {Scope} failed (attempt {Attempt}); retrying at {RetryAt:O}")]
    public static partial void Failed(ILogger logger, long scheduleId, string scope, int attempt, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(6004, LogLevel.Error, "Digest {ScheduleId} of scope {Scope} failed {Attempts} times; skipping to its next run at {NextRun:O} (which covers this period too)")]
    public static partial void Skipped(ILogger logger, long scheduleId, string scope, int attempts, DateTimeOffset nextRun, Exception exception);

    [LoggerMessage(6005, LogLevel.Warning, "Digest {ScheduleId}: the run took longer than Digests:LeaseDuration and another worker took it over; its result was not recorded")]
    public static partial void LeaseLost(ILogger logger, long scheduleId);

    [LoggerMessage(6006, LogLevel.Error, "The digest scheduler failed; it carries on at the next poll")]
    public static partial void SchedulerFailed(ILogger logger, Exception exception);

    [LoggerMessage(6007, LogLevel.Information, "Digest {ScheduleId} added in scope {Scope}: '{Topic}' {Recurrence} into channel {ChannelId}, first at {NextRun:O}")]
    public static partial void Added(ILogger logger, long scheduleId, string scope, string topic, string recurrence, ulong channelId, DateTimeOffset nextRun);

    [LoggerMessage(6008, LogLevel.Information, "Digest {ScheduleId} removed from scope {Scope}")]
    public static partial void Removed(ILogger logger, long scheduleId, string scope);

    [LoggerMessage(6009, LogLevel.Information, "Scheduled digests are switched off (Digests:Enabled = false); schedules are kept")]
    public static partial void SchedulerOff(ILogger logger);
}
