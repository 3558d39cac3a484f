using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Briefer.Discord.Tests.Fakes;

/// <summary>
/// Discord-like rate limits for the fake: every REST answer carries <c>X-RateLimit-Bucket</c>, <c>-Limit</c>,
/// <c>-Remaining</c> and <c>-Reset-After</c> for the bucket Discord would charge (one hash per route group, one bucket
/// per value of its major parameters: interaction id + token, webhook id + token, channel, guild), and a request over
/// its bucket, or over <see cref="GlobalPerSecond"/> bot-authenticated requests in a second (interaction routes are
/// exempt), is answered 429 with <c>retry_after</c>, as Discord answers. Runs on real time, as Discord does.
/// </summary>
public sealed class FakeRateLimits(int perBucket, TimeSpan window, int globalPerSecond = 50)
{
    private readonly ConcurrentDictionary<string, Window> _buckets = new(StringComparer.Ordinal);
    private readonly Window _global = new();

    public int PerBucket { get; } = perBucket;

    public TimeSpan Period { get; } = window;

    public int GlobalPerSecond { get; } = globalPerSecond;

    /// <summary>Every 429 the fake answered, as <c>METHOD template</c>.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Charges the request to its bucket (and to the global limit), sets the headers, and answers 429 when over.</summary>
    internal async Task<bool> TryChargeAsync(HttpContext context, string method, string template, IReadOnlyDictionary<string, string> args)
    {
        var interaction = template.StartsWith("/interactions", StringComparison.Ordinal) || template.StartsWith("/webhooks", StringComparison.Ordinal);
        if (!interaction && _global.Take(GlobalPerSecond, TimeSpan.FromSeconds(1)) is { Allowed: false } global)
        {
            await RefuseAsync(context, method, template, global.ResetAfter, isGlobal: true);
            return false;
        }

        var (hash, major) = BucketOf(method, template, args);
        var taken = _buckets.GetOrAdd(hash + ":" + major, _ => new Window()).Take(PerBucket, Period);
        context.Response.Headers["X-RateLimit-Bucket"] = hash;
        context.Response.Headers["X-RateLimit-Limit"] = PerBucket.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Remaining"] = taken.Remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Reset-After"] = taken.ResetAfter.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
        if (!taken.Allowed)
        {
            await RefuseAsync(context, method, template, taken.ResetAfter, isGlobal: false);
            return false;
        }

        return true;
    }

    // Discord's hashes are opaque; the fake's name the group. Major parameters as Discord documents them.
    private static (string Hash, string Major) BucketOf(string method, string template, IReadOnlyDictionary<string, string> args)
    {
        if (args.TryGetValue("interaction_id", out var interaction))
        {
            return ("interaction-callback", interaction + "/" + args["interaction_token"]);
        }

        if (args.TryGetValue("webhook_id", out var webhook))
        {
            return ("webhook", webhook + "/" + args["webhook_token"]);
        }

        var major = args.TryGetValue("channel_id", out var channel) ? "channel/" + channel
            : args.TryGetValue("guild_id", out var guild) ? "guild/" + guild
            : string.Empty;
        return (method + " " + template, major);
    }

    private async Task RefuseAsync(HttpContext context, string method, string template, TimeSpan retryAfter, bool isGlobal)
    {
        Refused.Enqueue(method + " " + template);
        context.Response.StatusCode = 429;
        context.Response.Headers["Retry-After"] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        if (isGlobal)
        {
            context.Response.Headers["X-RateLimit-Global"] = "true";
        }

        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["message"] = "You are being rate limited.",
            ["retry_after"] = Math.Round(retryAfter.TotalSeconds, 3),
            ["global"] = isGlobal,
        });
    }

    private sealed class Window
    {
        private readonly Lock _gate = new();
        private long _start = long.MinValue;
        private int _count;

        public (bool Allowed, int Remaining, TimeSpan ResetAfter) Take(int limit, TimeSpan period)
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                if (_start == long.MinValue || Stopwatch.GetElapsedTime(_start, now) >= period)
                {
                    _start = now;
                    _count = 0;
                }

                var resetAfter = period - Stopwatch.GetElapsedTime(_start, now);
                if (_count >= limit)
                {
                    return (false, 0, resetAfter);
                }

                _count++;
                return (true, limit - _count, resetAfter);
            }
        }
    }
}
