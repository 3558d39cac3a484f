using System.Threading.RateLimiting;
using Briefer.Discord.Models;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// The per-user limit, as System.Threading.RateLimiting's partitioned limiter with a token bucket per user: up to
/// <c>Discord:UserRateLimit</c> requests at once, refilled one at a time over <c>Discord:UserRateLimitWindow</c>
/// (so at most that many per window, on average). Idle users' buckets are dropped by the limiter itself.
/// </summary>
/// <remarks>The library measures time on the monotonic clock; it takes no <see cref="TimeProvider"/>.</remarks>
internal sealed class UserRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<UserId> _limiter;
    private readonly TimeSpan _refill;

    public UserRateLimiter(IOptions<BotOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.Value.UserRateLimit;
        _refill = options.Value.UserRateLimitWindow / limit;
        _limiter = PartitionedRateLimiter.Create<UserId, UserId>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _refill,
            QueueLimit = 0,
            AutoReplenishment = false,
        }));
    }

    /// <summary>Takes one request from the user's allowance; false (with the wait) when it is used up.</summary>
    public bool TryAcquire(UserId user, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(user);
        retryAfter = lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait
            : _refill;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
