using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Sources;

/// <summary>
/// The worker's re-sync loop: every <c>Web:SyncInterval</c> (first one interval after start), all scopes' web pages
/// are re-fetched. A failed round is logged and the loop carries on; zero turns it off.
/// </summary>
internal sealed partial class SourceSyncService(
    IServiceScopeFactory scopes,
    IOptions<WebOptions> options,
    TimeProvider time,
    ILogger<SourceSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SyncInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    try
                    {
                        await scope.ServiceProvider.GetRequiredService<SourceSynchronizer>().SyncAsync(null, stoppingToken).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // The top of the sync loop: one failed round must not stop the next.
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                    {
                        LogFailed(logger, interval.TotalMinutes, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(7001, LogLevel.Error, "Re-syncing web pages failed; next try in {Minutes:F0} min")]
    private static partial void LogFailed(ILogger logger, double minutes, Exception exception);
}
