using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Briefer.Storage.Qdrant;

/// <summary>Source-generated log messages of the Qdrant store: event ids 5500–5599. Never logs the API key or document text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "Created Qdrant collection {Collection} at {Url} for {Model} ({Dimensions} dimensions)")]
    public static partial void CollectionCreated(ILogger logger, string collection, string url, string model, int dimensions);

    [LoggerMessage(EventId = 5501, Level = LogLevel.Debug, Message = "Using Qdrant collection {Collection} at {Url}")]
    public static partial void CollectionReady(ILogger logger, string collection, string url);

    [LoggerMessage(EventId = 5502, Level = LogLevel.Information, Message = "Created payload index {Field} ({Type}) on Qdrant collection {Collection}")]
    public static partial void IndexCreated(ILogger logger, string field, string type, string collection);

    [LoggerMessage(EventId = 5503, Level = LogLevel.Information, Message = "Qdrant at {Url} failed to {Operation} ({Status}); retry {Attempt} of {MaxRetries} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string url, string operation, StatusCode status, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 5504, Level = LogLevel.Debug, Message = "Upserted {DocumentId} in scope {Scope} to Qdrant: {Points} points in {Batches} batches")]
    public static partial void Upserted(ILogger logger, string documentId, string scope, int points, int batches);

    [LoggerMessage(EventId = 5505, Level = LogLevel.Debug, Message = "Deleted {DocumentId} from scope {Scope} in Qdrant")]
    public static partial void Deleted(ILogger logger, string documentId, string scope);

    [LoggerMessage(EventId = 5506, Level = LogLevel.Warning, Message = "Qdrant collection {Collection} was created with a BM25 average chunk length of {Recorded} terms, Store:Qdrant:Bm25AverageTerms is {Configured}: keyword scores of documents ingested before and after differ slightly until they are ingested again")]
    public static partial void AverageTermsChanged(ILogger logger, string collection, double recorded, double configured);
}
