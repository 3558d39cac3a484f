using Briefer.Discord.Gateway;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Digests;

/// <summary>
/// Posts due digests: sleeps until the next schedule is due (at most <see cref="DigestOptions.PollInterval"/>, so
/// schedules added by another process are seen; a schedule added here wakes it at once), then runs each due schedule.
/// Time is the injected <see cref="TimeProvider"/>, so tests drive it across days and daylight-saving changes.
/// </summary>
public sealed class DigestScheduler(
    DigestScheduleStore store,
    DigestRunner runner,
    DigestSignal signal,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestScheduler> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var value = options.Value;
        if (!value.Enabled)
        {
            DigestLog.SchedulerOff(logger);
            return;
        }

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = value.PollInterval;
            try
            {
                foreach (var schedule in await store.DueAsync(time.GetUtcNow(), BatchSize, stoppingToken).ConfigureAwait(false))
                {
                    await runner.RunAsync(schedule, scheduled: true, stoppingToken).ConfigureAwait(false);
                }

                if (await store.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } next)
                {
                    var until = next - time.GetUtcNow();
                    wait = until < TimeSpan.Zero ? TimeSpan.Zero : until < wait ? until : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The top of the scheduler loop: log, wait, carry on (a rejected token stops the host through the gateway).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                DigestLog.SchedulerFailed(logger, ex);
                wait = value.PollInterval;
            }

            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await signal.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}

/// <summary>Wakes the scheduler when a schedule is added in this process, instead of at its next poll.</summary>
public sealed class DigestSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for <paramref name="delay"/> on <paramref name="time"/> or until woken, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wake.WaitAsync(done.Token);
        var elapsed = Task.Delay(delay, time, done.Token);
        await Task.WhenAny(woken, elapsed).ConfigureAwait(false);
        await done.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await Task.WhenAll(woken, elapsed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The one that did not finish was cancelled.
        }
    }

    public void Dispose() => _wake.Dispose();
}
