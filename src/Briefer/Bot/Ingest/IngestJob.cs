using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.Ingest;

/// <summary>
/// The time limit of an ingest job started from Discord (<c>/ingest</c>, Save to Briefer): download, extraction,
/// embedding and storing together get <c>Ingestion:JobTimeout</c>, well inside the 15 minutes an interaction token
/// lives, so the admin always hears back and a hostile or huge document cannot hold a worker.
/// </summary>
internal sealed class IngestJob(IOptions<IngestionOptions> options, TimeProvider time)
{
    /// <exception cref="DocumentRejectedException">The job ran past the limit; the message names the setting.</exception>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> job, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var limit = options.Value.JobTimeout;
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            return await job(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            throw new DocumentRejectedException(
                $"Loading this document took longer than {limit.TotalMinutes:0.#} min ({IngestionOptions.Section}:{nameof(IngestionOptions.JobTimeout)}) and was stopped; nothing was stored. Split it into smaller documents and try again.");
        }
    }
}
