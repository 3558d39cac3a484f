using Microsoft.Extensions.Logging;

namespace Briefer.Core;

/// <summary>Source-generated log messages of the knowledge core: ingestion 3000s, answering 4000s, storage 5000s.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Ingested {DocumentId} '{Title}' into scope {Scope}: {Outcome}, {Chunks} chunks, {Tokens} tokens in {ElapsedMs} ms")]
    public static partial void Ingested(ILogger logger, string documentId, string title, string scope, string outcome, int chunks, int tokens, long elapsedMs);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Rejected a document from {Source} for scope {Scope}: {Reason}")]
    public static partial void Rejected(ILogger logger, string source, string scope, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Forgot document {DocumentId} in scope {Scope}")]
    public static partial void Forgot(ILogger logger, string documentId, string scope);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Answered in scope {Scope} ({Mode}, abstained: {Abstained}, {Citations} citations) in {ElapsedMs} ms")]
    public static partial void Answered(ILogger logger, string scope, string mode, bool abstained, int citations, long elapsedMs);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Briefed in scope {Scope} ({Mode}, abstained: {Abstained}, {Bullets} bullets) in {ElapsedMs} ms")]
    public static partial void Briefed(ILogger logger, string scope, string mode, bool abstained, int bullets, long elapsedMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Composed a digest in scope {Scope}: {NewDocuments} new documents, {Bullets} bullets, {Repeats} bullets left out as posted before")]
    public static partial void Digested(ILogger logger, string scope, int newDocuments, int bullets, int repeats);

    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Opened the document store at {Path}")]
    public static partial void StoreOpened(ILogger logger, string path);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Scope {Scope}'s vectors take {ScopeMb} MB, more than Store:VectorCacheBytes ({BudgetMb} MB): every search of it reloads them. Raise Store:VectorCacheBytes.")]
    public static partial void VectorCacheOversized(ILogger logger, string scope, long scopeMb, long budgetMb);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Dropped scope {Scope}'s vectors ({Kb} KB) from the cache to stay within Store:VectorCacheBytes")]
    public static partial void VectorCacheEvicted(ILogger logger, string scope, long kb);
}
