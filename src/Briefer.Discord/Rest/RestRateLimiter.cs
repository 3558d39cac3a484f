using System.Globalization;
using System.Net.Http.Headers;

namespace Briefer.Discord.Rest;

/// <summary>
/// Discord's REST rate limits: per-route buckets learned from <c>X-RateLimit-*</c> headers, and a global
/// pause after a global 429. Waits use the injected <see cref="TimeProvider"/>. Keys are route templates with their
/// major parameter (never an interaction id or token), and buckets whose reset has passed are dropped, so the tables
/// stay as small as the set of channels recently written to.
/// </summary>
internal sealed class RestRateLimiter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _bucketByRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private DateTimeOffset _globalUntil = DateTimeOffset.MinValue;

    /// <summary>Waits until a request on <paramref name="routeKey"/> may go out.</summary>
    public async Task WaitAsync(string routeKey, CancellationToken cancellationToken)
    {
        while (true)
        {
            var delay = TimeSpan.Zero;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                if (_globalUntil > now)
                {
                    delay = _globalUntil - now;
                }
                else if (_bucketByRoute.TryGetValue(routeKey, out var bucketKey) && _buckets.TryGetValue(bucketKey, out var bucket))
                {
                    if (bucket.ResetAt <= now)
                    {
                        _buckets.Remove(bucketKey);
                    }
                    else if (bucket.Remaining <= 0)
                    {
                        delay = bucket.ResetAt - now;
                    }
                    else
                    {
                        bucket.Remaining--;
                    }
                }
            }

            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Learns the route's bucket from a response's headers.</summary>
    public void Update(string routeKey, HttpResponseHeaders headers)
    {
        var bucket = Header(headers, "X-RateLimit-Bucket");
        if (bucket is null
            || !int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)
            || !double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
        {
            return;
        }

        // Buckets are per route and major parameter; the route key already carries the major parameter.
        var key = bucket + ":" + routeKey;
        lock (_gate)
        {
            _bucketByRoute[routeKey] = key;
            _buckets[key] = new BucketState { Remaining = remaining, ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter) };
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

    // Called with _gate held. A bucket past its reset says nothing any more; its route learns it again on the next response.
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

        foreach (var route in _bucketByRoute.Where(r => !_buckets.ContainsKey(r.Value)).Select(r => r.Key).ToList())
        {
            _bucketByRoute.Remove(route);
        }
    }

    private const int PruneThreshold = 64;

    /// <summary>Records a 429: a global one pauses everything, a bucket one empties that bucket.</summary>
    public void OnRateLimited(string routeKey, TimeSpan retryAfter, bool global)
    {
        lock (_gate)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (global)
            {
                if (until > _globalUntil)
                {
                    _globalUntil = until;
                }

                return;
            }

            var key = _bucketByRoute.TryGetValue(routeKey, out var known) ? known : "429:" + routeKey;
            _bucketByRoute[routeKey] = key;
            _buckets[key] = new BucketState { Remaining = 0, ResetAt = until };
            PruneExpired();
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
