using System.Globalization;
using Briefer.Discord.Models;

namespace Briefer.Discord.Gateway;

/// <summary>
/// A contiguous range of shard ids, as <c>Discord:ShardIds</c> is written: <c>"3"</c> or <c>"0-7"</c>. A process runs
/// the shards of its range; the shards of other ranges run in other processes (e.g. one Kubernetes pod per range).
/// </summary>
public readonly record struct ShardRange(int First, int Last)
{
    /// <summary>How a valid value looks, for error messages.</summary>
    public const string Help = "a shard id such as 3, or an inclusive range such as 0-7";

    public int Count => Last - First + 1;

    public IEnumerable<int> Ids => Enumerable.Range(First, Count);

    public static bool TryParse(string? text, out ShardRange range)
    {
        range = default;
        var parts = (text ?? string.Empty).Split('-', 2, StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
        {
            return false;
        }

        var last = first;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out last))
        {
            return false;
        }

        if (last < first)
        {
            return false;
        }

        range = new ShardRange(first, last);
        return true;
    }

    public override string ToString() => First == Last ? First.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}

/// <summary>The shards this process runs, out of how many the bot has, and how many may identify at once.</summary>
/// <param name="MaxConcurrency">Discord's <c>session_start_limit.max_concurrency</c>: shards in different buckets (<c>id % max_concurrency</c>) may identify in the same 5 s.</param>
public sealed record ShardPlan(int ShardCount, IReadOnlyList<int> ShardIds, int MaxConcurrency)
{
    /// <summary>
    /// The shard of <paramref name="count"/> that receives a guild's events: <c>(guild_id &gt;&gt; 22) % count</c>
    /// (the guild's creation timestamp, so guilds spread evenly over shards).
    /// </summary>
    public static int ShardFor(GuildId guild, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)((guild.Value >> 22) % (ulong)count);
    }

    /// <summary>Whether this process's shards receive <paramref name="guild"/>'s events.</summary>
    public bool Handles(GuildId guild) => ShardIds.Contains(ShardFor(guild, ShardCount));

    /// <summary>
    /// Resolves the plan from the settings and Discord's answer to <c>GET /gateway/bot</c>: the configured count, else
    /// the recommended one; the configured range, else every shard.
    /// </summary>
    /// <exception cref="DiscordFatalException">The configured range does not fit the shard count.</exception>
    public static ShardPlan Resolve(DiscordOptions options, GatewayBotResponse gateway)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        var count = options.ShardCount ?? Math.Max(1, gateway.Shards);
        var concurrency = Math.Max(1, gateway.SessionStartLimit?.MaxConcurrency ?? 1);
        if (options.ShardIds is not { Length: > 0 } configured)
        {
            return new ShardPlan(count, [.. Enumerable.Range(0, count)], concurrency);
        }

        if (!ShardRange.TryParse(configured, out var range) || range.Last >= count)
        {
            var source = options.ShardCount is null ? $"Discord recommends {count} (set Discord:ShardCount to choose another)" : $"Discord:ShardCount is {count}";
            throw new DiscordFatalException($"Discord:ShardIds '{configured}' does not fit the shard count: {source}, so shard ids run from 0 to {count - 1}. Use {ShardRange.Help}.");
        }

        return new ShardPlan(count, [.. range.Ids], concurrency);
    }
}

/// <summary>
/// Spaces out IDENTIFYs as Discord requires: shards fall into <c>max_concurrency</c> buckets (<c>shard_id %
/// max_concurrency</c>), and each bucket may start one session per 5 seconds. The slot is taken at the moment the
/// IDENTIFY is sent (after HELLO, so a slow handshake cannot eat into the next shard's 5 s), and slots are
/// <see cref="Spacing"/> apart: the window plus <see cref="Margin"/>, since Discord measures the gap as IDENTIFYs
/// arrive and one may travel faster than the one before it. Resumes do not count and never wait here.
/// </summary>
internal sealed class IdentifyLimiter(TimeProvider time, int maxConcurrency)
{
    /// <summary>Discord's window per bucket.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>Added to every gap: room for one IDENTIFY taking up to this much longer to reach Discord than the next.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(250);

    /// <summary>The time between two IDENTIFYs of one bucket.</summary>
    public static TimeSpan Spacing => Window + Margin;

    private readonly Bucket[] _buckets = [.. Enumerable.Range(0, Math.Max(1, maxConcurrency)).Select(_ => new Bucket())];

    /// <summary>
    /// About how long after the first shard's IDENTIFY the last of <paramref name="shards"/> sends its own: the shards
    /// identify in rounds of <paramref name="maxConcurrency"/>, one <see cref="Spacing"/> apart.
    /// </summary>
    public static TimeSpan TimeToIdentifyAll(int shards, int maxConcurrency) =>
        Spacing * Math.Max(0, ((shards + Math.Max(1, maxConcurrency) - 1) / Math.Max(1, maxConcurrency)) - 1);

    /// <summary>
    /// Waits until shard <paramref name="shardId"/> may identify, and takes its bucket's slot: send the IDENTIFY right
    /// after, then call <see cref="Sent"/>.
    /// </summary>
    public async Task WaitAsync(int shardId, CancellationToken cancellationToken)
    {
        var bucket = BucketOf(shardId);
        await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Loop: the shard before may move the slot on (Sent) while this one waits.
            while (UntilNextSlot(bucket) is var wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            bucket.MoveTo(time.GetUtcNow());
        }
        finally
        {
            bucket.Gate.Release();
        }
    }

    /// <summary>
    /// Counts the bucket's 5 s from now, when shard <paramref name="shardId"/>'s IDENTIFY has left (a send held up on a
    /// busy machine must not shorten the gap Discord sees).
    /// </summary>
    public void Sent(int shardId) => BucketOf(shardId).MoveTo(time.GetUtcNow());

    /// <summary>How long until shard <paramref name="shardId"/>'s bucket has its next slot (zero when it has one now).</summary>
    public TimeSpan UntilNextSlot(int shardId) => UntilNextSlot(BucketOf(shardId));

    private TimeSpan UntilNextSlot(Bucket bucket) =>
        bucket.Last is { } last && last + Spacing - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;

    private Bucket BucketOf(int shardId) => _buckets[shardId % _buckets.Length];

    private sealed class Bucket
    {
        private readonly Lock _sync = new();
        private DateTimeOffset? _last;

        /// <summary>Held while a shard waits for the bucket's slot, so shards take slots one at a time.</summary>
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>When the bucket's last IDENTIFY went out.</summary>
        public DateTimeOffset? Last
        {
            get
            {
                lock (_sync)
                {
                    return _last;
                }
            }
        }

        /// <summary>Moves the slot on to <paramref name="now"/>, never back.</summary>
        public void MoveTo(DateTimeOffset now)
        {
            lock (_sync)
            {
                if (_last is not { } last || now > last)
                {
                    _last = now;
                }
            }
        }
    }
}
