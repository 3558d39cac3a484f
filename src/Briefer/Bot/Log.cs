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

    [LoggerMessage(6005, LogLevel.Error, "Interaction {Command} failed")]
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

    [LoggerMessage(6012, LogLevel.Error, "Answering a mention or DM failed")]
    public static partial void MentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(6011, LogLevel.Information, "Ingested {DocumentId} ({Outcome}) from a Discord {Kind}")]
    public static partial void Ingested(ILogger logger, string documentId, string outcome, string kind);
}
