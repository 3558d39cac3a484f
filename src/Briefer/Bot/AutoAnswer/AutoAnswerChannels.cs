using System.Collections.Concurrent;
using Briefer.AutoAnswers;
using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// The configured channels per server, read from <see cref="AutoAnswerStore"/> and kept for a minute (every message in
/// every channel asks), dropped at once when <c>/autoanswer</c> changes them; changes made with the CLI while the bot
/// runs are seen within the minute.
/// </summary>
internal sealed class AutoAnswerChannels(AutoAnswerStore store, TimeProvider time)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<ScopeId, (DateTimeOffset ReadAt, IReadOnlyList<AutoAnswerChannel> Channels)> _cache = new();

    /// <summary>The configuration of <paramref name="channel"/> (a help channel, or a forum) in <paramref name="scope"/>; null when it is not configured.</summary>
    public async Task<AutoAnswerChannel?> FindAsync(ScopeId scope, ChannelId channel, CancellationToken cancellationToken) =>
        (await ListAsync(scope, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Channel == channel);

    public async Task<IReadOnlyList<AutoAnswerChannel>> ListAsync(ScopeId scope, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(scope, out var cached) && now - cached.ReadAt < Freshness)
        {
            return cached.Channels;
        }

        var channels = await store.ListChannelsAsync(scope, cancellationToken).ConfigureAwait(false);
        _cache[scope] = (now, channels);
        return channels;
    }

    public void Invalidate(ScopeId scope) => _cache.TryRemove(scope, out _);
}
