using Microsoft.Extensions.Logging;

namespace Briefer.Bot;

/// <summary>Log messages of the Discord bot (6000s). Questions and document text are never logged above Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Information, "Commands are up to date ({Scope}); nothing registered")]
    public static partial void CommandsUpToDate(ILogger logger, string scope);

    [LoggerMessage(6001, LogLevel.Information, "Registered {Count} commands ({Scope}) by bulk overwrite")]
    public static partial void CommandsRegistered(ILogger logger, int count, string scope);

    [LoggerMessage(6002, LogLevel.Error, "Command registration failed")]
    public static partial void CommandRegistrationFailed(ILogger logger, Exception exception);

    [LoggerMessage(6003, LogLevel.Debug, "Interaction {Command} acknowledged in {Milliseconds:F1} ms")]
    public static partial void InteractionAcknowledged(ILogger logger, string command, double milliseconds);

    [LoggerMessage(6004, LogLevel.Warning, "Could not acknowledge interaction {Command}")]
    public static partial void AcknowledgeFailed(ILogger logger, string command, Exception exception);

    [LoggerMessage(6005, LogLevel.Error, "Request {Command} failed")]
    public static partial void InteractionFailed(ILogger logger, string command, Exception exception);

    [LoggerMessage(6006, LogLevel.Warning, "Work queue full; refused {Command}")]
    public static partial void QueueFull(ILogger logger, string command);

    [LoggerMessage(6007, LogLevel.Information, "User {UserId} is over the rate limit")]
    public static partial void UserRateLimited(ILogger logger, ulong userId);

    [LoggerMessage(6008, LogLevel.Information, "Refused {Command} from user {UserId}: missing Manage Server")]
    public static partial void NotAllowed(ILogger logger, string command, ulong userId);

    [LoggerMessage(6009, LogLevel.Error, "Could not deliver a reply")]
    public static partial void ReplyFailed(ILogger logger, Exception exception);

    [LoggerMessage(6010, LogLevel.Information, "Answered {Command} in {Milliseconds:F0} ms")]
    public static partial void Answered(ILogger logger, string command, double milliseconds);

    [LoggerMessage(6011, LogLevel.Information, "Ingested {DocumentId} ({Outcome}) from a Discord {Kind}")]
    public static partial void Ingested(ILogger logger, string documentId, string outcome, string kind);

    [LoggerMessage(6013, LogLevel.Information, "A {InteractionType} carried a custom id the bot does not make; refused")]
    public static partial void BadCustomId(ILogger logger, string interactionType);

    [LoggerMessage(6014, LogLevel.Information, "The bot may not post in channel {ChannelId}; replied privately instead")]
    public static partial void ChannelForbidden(ILogger logger, ulong channelId);

    [LoggerMessage(6015, LogLevel.Debug, "Typing indicator failed: {Reason}")]
    public static partial void TypingFailed(ILogger logger, string reason);

    [LoggerMessage(6016, LogLevel.Information, "Opened conversation thread {ThreadId}")]
    public static partial void ThreadOpened(ILogger logger, ulong threadId);

    [LoggerMessage(6017, LogLevel.Warning, "Could not open a thread in channel {ChannelId}: {Reason}")]
    public static partial void ThreadFailed(ILogger logger, ulong channelId, string reason);

    [LoggerMessage(6018, LogLevel.Information, "Vote on an answer unknown in this scope was refused")]
    public static partial void UnknownAnswerVote(ILogger logger);

    [LoggerMessage(6019, LogLevel.Information, "Automatic answer not sent: {Reason}")]
    public static partial void AutoAnswerRefused(ILogger logger, string reason);

    [LoggerMessage(6020, LogLevel.Information, "Question {Key} left alone: {Reason}")]
    public static partial void AutoAnswerSkipped(ILogger logger, string key, string reason);

    [LoggerMessage(6021, LogLevel.Information, "Automatic answer: {Outcome} in channel {ChannelId} (confidence {Confidence}, threshold {Threshold})")]
    public static partial void AutoAnswerDecided(ILogger logger, string outcome, ulong channelId, double? confidence, double threshold);

    [LoggerMessage(6022, LogLevel.Error, "Automatic answer for {Key} failed")]
    public static partial void AutoAnswerFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(6023, LogLevel.Warning, "Could not tag forum post {ThreadId} '{Tag}': {Reason}")]
    public static partial void TagNotApplied(ILogger logger, ulong threadId, string tag, string reason);
}
