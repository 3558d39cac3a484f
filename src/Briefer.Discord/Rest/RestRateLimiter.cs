using System.Globalization;
using System.Net.Http.Headers;

namespace Briefer.Discord.Rest;

/// <summary>
/// Discord's REST rate limits, learned from <c>X-RateLimit-*</c> headers: per-route buckets keyed as Discord keys them
/// (the bucket hash and the call's major parameters, see <see cref="RestRoute"/>), the global limit of
/// <see cref="DefaultGlobalPerSecond"/> requests a second, and a global pause after a global 429. Interaction routes
/// are exempt from both global limits, as Discord exempts them, and each interaction has buckets of its own, so no
/// acknowledgement ever waits on another interaction or on the bot's other traffic. Waits use the injected
/// <see cref="TimeProvider"/>. The route-to-hash table holds one entry per route template; buckets whose reset has
/// passed are dropped, so the bucket table stays as small as the set of channels and interactions recently written to.
/// </summary>
internal sealed class RestRateLimiter(TimeProvider time, int globalPerSecond = RestRateLimiter.DefaultGlobalPerSecond)
{
    /// <summary>Discord's global limit for a bot: requests per second across every route but the interaction ones.</summary>
    public const int DefaultGlobalPerSecond = 50;

    private const int PruneThreshold = 64;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _hashByRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private DateTimeOffset _globalUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _secondStart = DateTimeOffset.MinValue;
    private int _sentThisSecond;

    /// <summary>Waits until a request on <paramref name="route"/> may go out, and counts it.</summary>
    public async Task WaitAsync(RestRoute route, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan delay;
            lock (_gate)
            {
                delay = TryTake(route, time.GetUtcNow());
            }

            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Learns the route's bucket from a response's headers.</summary>
    public void Update(RestRoute route, HttpResponseHeaders headers)
    {
        var hash = Header(headers, "X-RateLimit-Bucket");
        if (hash is null
            || !int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
            || !double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
        {
            return;
        }

        lock (_gate)
        {
            // Routes that share a hash share their buckets, one per value of the major parameters.
            _hashByRoute[route.Name] = hash;
            _buckets[hash + "|" + route.Major] = new BucketState { Remaining = remaining, ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter) };
            PruneExpired();
        }
    }

    /// <summary>Records a 429: a global one pauses every route but the interaction ones, a bucket one empties that bucket.</summary>
    public void OnRateLimited(RestRoute route, TimeSpan retryAfter, bool global)
    {
        lock (_gate)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (global && !route.Interaction)
            {
                if (until > _globalUntil)
                {
                    _globalUntil = until;
                }

                return;
            }

            _buckets[BucketKey(route)] = new BucketState { Remaining = 0, ResetAt = until };
            PruneExpired();
        }
    }

    /// <summary>How many buckets are tracked (for tests).</summary>
    internal int BucketCount
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Count;
            }
        }
    }

    // Called with _gate held: how long the request must wait, or zero when it may go (and then it is counted).
    private TimeSpan TryTake(RestRoute route, DateTimeOffset now)
    {
        if (!route.Interaction)
        {
            if (_globalUntil > now)
            {
                return _globalUntil - now;
            }

            if (now - _secondStart >= Second)
            {
                _secondStart = now;
                _sentThisSecond = 0;
            }

            if (_sentThisSecond >= globalPerSecond)
            {
                return _secondStart + Second - now;
            }
        }

        var key = BucketKey(route);
        if (_buckets.TryGetValue(key, out var bucket))
        {
            if (bucket.ResetAt <= now)
            {
                _buckets.Remove(key);
            }
            else if (bucket.Remaining <= 0)
            {
                return bucket.ResetAt - now;
            }
            else
            {
                bucket.Remaining--;
            }
        }

        if (!route.Interaction)
        {
            _sentThisSecond++;
        }

        return TimeSpan.Zero;
    }

    // Called with _gate held. Until a response names the route's bucket hash, the route's own name stands in for it.
    private string BucketKey(RestRoute route) =>
        (_hashByRoute.TryGetValue(route.Name, out var hash) ? hash : "route:" + route.Name) + "|" + route.Major;

    // Called with _gate held. A bucket past its reset says nothing any more; the next response teaches it again.
    private void PruneExpired()
    {
        if (_buckets.Count < PruneThreshold)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var expired in _buckets.Where(b => b.Value.ResetAt <= now).Select(b => b.Key).ToList())
        {
            _buckets.Remove(expired);
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed class BucketState
    {
        public int Remaining { get; set; }

        public DateTimeOffset ResetAt { get; set; }
    }
}
