using Briefer.AutoAnswers;
using Briefer.Discord.Models;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// Per-member and per-channel caps on automatic answers and hand-offs over a sliding hour (<c>AutoAnswer:MaxPerMemberPerHour</c>,
/// <c>AutoAnswer:MaxPerChannelPerHour</c>), on the injected clock. A question is counted against both or neither.
/// </summary>
internal sealed class AutoAnswerCaps(IOptions<AutoAnswerOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Dictionary<ulong, Queue<DateTimeOffset>> _members = [];
    private readonly Dictionary<ulong, Queue<DateTimeOffset>> _channels = [];
    private readonly Lock _gate = new();

    /// <summary>Takes one automatic answer for <paramref name="member"/> in <paramref name="channel"/>; null when allowed, else which cap is reached.</summary>
    public string? TryTake(UserId member, ChannelId channel)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var byMember = Recent(_members, member.Value, now);
            var byChannel = Recent(_channels, channel.Value, now);
            if (byMember.Count >= options.Value.MaxPerMemberPerHour)
            {
                return $"the member reached {options.Value.MaxPerMemberPerHour} automatic answers this hour";
            }

            if (byChannel.Count >= options.Value.MaxPerChannelPerHour)
            {
                return $"the channel reached {options.Value.MaxPerChannelPerHour} automatic answers this hour";
            }

            byMember.Enqueue(now);
            byChannel.Enqueue(now);
            return null;
        }
    }

    private static Queue<DateTimeOffset> Recent(Dictionary<ulong, Queue<DateTimeOffset>> all, ulong key, DateTimeOffset now)
    {
        if (!all.TryGetValue(key, out var queue))
        {
            all[key] = queue = new Queue<DateTimeOffset>();
        }

        while (queue.Count > 0 && now - queue.Peek() >= Window)
        {
            queue.Dequeue();
        }

        return queue;
    }
}
