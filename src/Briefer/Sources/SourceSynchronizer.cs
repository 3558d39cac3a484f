using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Sources;

/// <summary>What re-sync did with one web page.</summary>
public enum SyncOutcome
{
    /// <summary>The page answered 304, or the same content: nothing re-embedded.</summary>
    Unchanged,

    /// <summary>The page changed and was ingested again.</summary>
    Updated,

    /// <summary>The page answered 404/410: marked stale, kept until the grace period ends.</summary>
    Stale,

    /// <summary>Stale for longer than the grace period: removed.</summary>
    Removed,

    /// <summary>The page could not be fetched or read this time; the stored version is kept.</summary>
    Failed,
}

/// <summary>One web page's re-sync.</summary>
public sealed record SyncItem(ScopeId Scope, DocumentId DocumentId, string Title, string Source, SyncOutcome Outcome, string? Detail = null);

/// <summary>
/// Re-fetches ingested web pages with conditional requests (their ETag and Last-Modified): an unchanged page costs one
/// 304 and no embedding; a changed one is ingested again (re-embedded only if its text changed); one that answers 404 or
/// 410 is marked stale, shown so in <c>sources</c> and citations, and removed only once <c>Web:StaleGracePeriod</c> has
/// passed, so a page that is briefly down is not lost.
/// </summary>
public sealed partial class SourceSynchronizer(
    IBriefingService briefing,
    IDocumentStore store,
    WebPageFetcher fetcher,
    IOptions<WebOptions> options,
    TimeProvider time,
    ILogger<SourceSynchronizer> logger)
{
    /// <summary>How the source of a saved Discord message (Save to Briefer) starts: its jump link.</summary>
    public const string DiscordMessageLinkPrefix = "https://discord.com/channels/";

    /// <summary>
    /// Whether re-sync fetches <paramref name="source"/>: web addresses, except saved Discord messages, whose text came
    /// from the message itself (the link opens Discord's web app, which would replace it or fail every time).
    /// </summary>
    public static bool IsSyncable(string source) =>
        WebPageFetcher.IsWebAddress(source) && !source.StartsWith(DiscordMessageLinkPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Syncs the web pages of <paramref name="scope"/>, or of every scope when null.</summary>
    public async Task<IReadOnlyList<SyncItem>> SyncAsync(ScopeId? scope, CancellationToken cancellationToken)
    {
        var scopes = scope is { } one ? [one] : await store.ListScopesAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<SyncItem>();
        foreach (var s in scopes)
        {
            var documents = await store.ListDocumentsAsync(s, cancellationToken).ConfigureAwait(false);
            foreach (var document in documents.Where(d => IsSyncable(d.Source)).OrderBy(d => d.Source, StringComparer.Ordinal))
            {
                items.Add(await SyncOneAsync(document, cancellationToken).ConfigureAwait(false));
            }
        }

        LogSynced(logger, items.Count, items.Count(i => i.Outcome == SyncOutcome.Updated), items.Count(i => i.Outcome == SyncOutcome.Stale),
            items.Count(i => i.Outcome == SyncOutcome.Removed), items.Count(i => i.Outcome == SyncOutcome.Failed));
        return items;
    }

    private async Task<SyncItem> SyncOneAsync(DocumentRecord document, CancellationToken cancellationToken)
    {
        SyncItem Item(SyncOutcome outcome, string? detail = null) => new(document.Scope, document.Id, document.Title, document.Source, outcome, detail);

        WebFetch fetch;
        try
        {
            fetch = await fetcher.FetchAsync(document.Source, new SourceValidators(document.ETag, document.LastModified), cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentRejectedException ex)
        {
            return Item(SyncOutcome.Failed, ex.Message);
        }

        var now = time.GetUtcNow();
        switch (fetch.Status)
        {
            case WebFetchStatus.NotModified:
                if (document.StaleSince is not null)
                {
                    await store.UpdateSourceStateAsync(document.Scope, document.Id, new SourceState(document.ETag, document.LastModified, null), cancellationToken).ConfigureAwait(false);
                }

                return Item(SyncOutcome.Unchanged);

            case WebFetchStatus.Gone when document.StaleSince is null:
                await store.UpdateSourceStateAsync(document.Scope, document.Id, new SourceState(document.ETag, document.LastModified, now), cancellationToken).ConfigureAwait(false);
                return Item(SyncOutcome.Stale, $"the page answered {fetch.StatusCode}; kept until {(now + options.Value.StaleGracePeriod).UtcDateTime:yyyy-MM-dd HH:mm} UTC unless it comes back");

            case WebFetchStatus.Gone when now - document.StaleSince >= options.Value.StaleGracePeriod:
                await briefing.ForgetAsync(document.Scope, document.Id, cancellationToken).ConfigureAwait(false);
                return Item(SyncOutcome.Removed, $"the page has answered {fetch.StatusCode} since {document.StaleSince.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC");

            case WebFetchStatus.Gone:
                return Item(SyncOutcome.Stale, $"the page still answers {fetch.StatusCode}; removed after {(document.StaleSince!.Value + options.Value.StaleGracePeriod).UtcDateTime:yyyy-MM-dd HH:mm} UTC");

            default:
                try
                {
                    var result = await briefing.IngestAsync(document.Scope, fetch.Document! with { Visibility = document.Visibility }, cancellationToken).ConfigureAwait(false);
                    return Item(result.Outcome == IngestOutcome.UpToDate ? SyncOutcome.Unchanged : SyncOutcome.Updated);
                }
                catch (DocumentRejectedException ex)
                {
                    return Item(SyncOutcome.Failed, ex.Message);
                }
        }
    }

    [LoggerMessage(7000, LogLevel.Information, "Re-synced {Pages} web pages: {Updated} updated, {Stale} stale, {Removed} removed, {Failed} failed")]
    private static partial void LogSynced(ILogger logger, int pages, int updated, int stale, int removed, int failed);
}
