using Briefer.Discord;
using Briefer.Discord.Models;
using Microsoft.Extensions.Options;

namespace Briefer.Bot;

/// <summary>A sliding window per user: at most <c>Discord:UserRateLimit</c> requests per <c>Discord:UserRateLimitWindow</c>.</summary>
internal sealed class UserRateLimiter(IOptions<DiscordOptions> options, TimeProvider time)
{
    private readonly Dictionary<UserId, Queue<DateTimeOffset>> _recent = [];
    private readonly Lock _gate = new();

    /// <summary>Takes one request from the user's allowance; false (with the wait) when it is used up.</summary>
    public bool TryAcquire(UserId user, out TimeSpan retryAfter)
    {
        var limit = options.Value.UserRateLimit;
        var window = options.Value.UserRateLimitWindow;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_recent.TryGetValue(user, out var queue))
            {
                _recent[user] = queue = new Queue<DateTimeOffset>();
            }

            while (queue.Count > 0 && now - queue.Peek() >= window)
            {
                queue.Dequeue();
            }

            if (queue.Count >= limit)
            {
                retryAfter = queue.Peek() + window - now;
                return false;
            }

            queue.Enqueue(now);
            if (_recent.Count > 10_000)
            {
                // Forget idle users now and then so the table cannot grow without bound.
                foreach (var idle in _recent.Where(p => p.Value.Count == 0 || now - p.Value.Last() >= window).Select(p => p.Key).ToList())
                {
                    _recent.Remove(idle);
                }
            }

            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
