using Microsoft.Extensions.Logging;

namespace Briefer.Core.Embeddings;

/// <summary>Source-generated log messages of the embedding model: event ids 3500–3599.</summary>
internal static partial class EmbeddingsLog
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Loaded embedding model {ModelId} in {ElapsedMs} ms ({IntraOpThreads} intra-op threads)")]
    public static partial void ModelLoaded(ILogger logger, string modelId, long elapsedMs, int intraOpThreads);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Error, Message = "Failed to load embedding model {ModelId}")]
    public static partial void ModelLoadFailed(ILogger logger, string modelId, Exception exception);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "Embedding input {Index} has {TokenCount} tokens; only the first {MaxTokens} reach the model")]
    public static partial void InputTruncated(ILogger logger, int index, int tokenCount, int maxTokens);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Debug, Message = "Embedded {Count} inputs ({Tokens} tokens) in {ElapsedMs} ms")]
    public static partial void Embedded(ILogger logger, int count, long tokens, long elapsedMs);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Information, Message = "Saved the embedding model's optimised graph to {Path}; later starts load it instead of optimising again")]
    public static partial void ModelCacheSaved(ILogger logger, string path);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Debug, Message = "The embedding model's optimised graph cannot be kept in {Directory} ({Reason}); the model is optimised at every start")]
    public static partial void ModelCacheUnavailable(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "ONNX Runtime refused the cached optimised graph {Path} ({Reason}); deleted it and loaded the bundled model")]
    public static partial void ModelCacheDiscarded(ILogger logger, string path, string reason);
}
