using System.Threading.RateLimiting;

namespace Briefer.Discord.Gateway;

/// <summary>
/// Discord allows 120 gateway sends per 60 seconds per connection; this waits rather than exceed it. A
/// <see cref="SlidingWindowRateLimiter"/> from System.Threading.RateLimiting, with sends queued oldest first.
/// </summary>
/// <remarks>
/// The library measures its windows on the monotonic clock and takes no <see cref="TimeProvider"/>, so this window
/// runs in real time even where the rest of the client runs on a fake clock (tests use a short window).
/// </remarks>
internal sealed class GatewaySendLimiter : IDisposable
{
    public const int DefaultLimit = 120;

    private readonly SlidingWindowRateLimiter _limiter;

    public GatewaySendLimiter(int limit = DefaultLimit, TimeSpan? window = null)
    {
        _limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window ?? TimeSpan.FromSeconds(60),
            // Six segments: a send frees its slot at most one sixth of the window late, never early.
            SegmentsPerWindow = 6,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("Over 10,000 gateway sends are queued; the connection is not keeping up.");
        }
    }

    public void Dispose() => _limiter.Dispose();
}
