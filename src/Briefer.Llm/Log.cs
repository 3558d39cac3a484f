using Microsoft.Extensions.Logging;

namespace Briefer.Llm;

/// <summary>Source-generated log messages of model-written answers (4500-4599). Never logs prompts, document text or the API key above Debug.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Prompts loaded from {Directory}")]
    public static partial void PromptsLoaded(ILogger logger, string directory);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "Model {Kind} checked: {Kept} of {Sentences} sentences kept; removed {Uncited} uncited, {Unsupported} unsupported, {Dangling} markers to no source, {DroppedCitations} citations to sources that do not support the sentence")]
    public static partial void Checked(ILogger logger, string kind, int kept, int sentences, int uncited, int unsupported, int dangling, int droppedCitations);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Model {Kind} not used ({Reason}); giving the extractive one")]
    public static partial void FellBack(ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "Model call failed with HTTP {StatusCode} ({ExceptionType})")]
    public static partial void ModelFailed(ILogger logger, int statusCode, string exceptionType);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Warning, Message = "Model call did not finish within {Timeout}")]
    public static partial void ModelTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Information, Message = "Model answered HTTP {StatusCode}; retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, int statusCode, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Warning, Message = "The model failed ({ExceptionType}: {Reason}); the extractive answer is given instead")]
    public static partial void ModelError(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(EventId = 4509, Level = LogLevel.Debug, Message = "Model failure details")]
    public static partial void ModelErrorDetails(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4507, Level = LogLevel.Information, Message = "Model {Kind} written in {ElapsedMs} ms ({Characters} characters)")]
    public static partial void ModelReplied(ILogger logger, string kind, long elapsedMs, int characters);

    [LoggerMessage(EventId = 4508, Level = LogLevel.Debug, Message = "Model {Kind} text before the check: {Text}")]
    public static partial void ModelText(ILogger logger, string kind, string text);

    [LoggerMessage(EventId = 4520, Level = LogLevel.Warning, Message = "The model did not rewrite a follow-up ({Reason}); using the rule")]
    public static partial void FollowUpFellBack(ILogger logger, string reason);
}
