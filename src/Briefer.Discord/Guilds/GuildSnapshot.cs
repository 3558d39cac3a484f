using System.Collections.Immutable;
using Briefer.Discord.Models;

namespace Briefer.Discord.Guilds;

/// <summary>
/// One guild as the gateway last described it: owner, roles, channels with their overwrites, threads with their
/// parents, and the roles of members seen in GUILD_MEMBER_UPDATE or interactions. Immutable: every event makes a new one.
/// </summary>
public sealed record GuildSnapshot(
    GuildId Id,
    UserId? OwnerId,
    ImmutableDictionary<RoleId, DiscordRole> Roles,
    ImmutableDictionary<ChannelId, DiscordChannel> Channels,
    ImmutableDictionary<ChannelId, DiscordChannel> Threads,
    ImmutableDictionary<UserId, ImmutableArray<RoleId>> MemberRoles)
{
    public static GuildSnapshot From(GuildCreateEvent guild)
    {
        ArgumentNullException.ThrowIfNull(guild);
        return new(
            guild.Id,
            guild.OwnerId,
            (guild.Roles ?? []).ToImmutableDictionary(r => r.Id),
            (guild.Channels ?? []).ToImmutableDictionary(c => c.Id),
            (guild.Threads ?? []).ToImmutableDictionary(c => c.Id),
            ImmutableDictionary<UserId, ImmutableArray<RoleId>>.Empty);
    }

    /// <summary>The channel whose overwrites apply to <paramref name="channel"/>: itself, or a thread's parent.</summary>
    public DiscordChannel? ResolveOverwriteChannel(ChannelId channel)
    {
        if (Channels.TryGetValue(channel, out var found) && !found.IsThread)
        {
            return found;
        }

        var thread = Threads.TryGetValue(channel, out var t) ? t : found;
        return thread?.ParentId is { } parent && Channels.TryGetValue(parent, out var parentChannel) ? parentChannel : null;
    }

    /// <summary>The parent of a thread; null for a channel or an unknown id.</summary>
    public ChannelId? ParentOf(ChannelId channel) =>
        Threads.TryGetValue(channel, out var thread) ? thread.ParentId
        : Channels.TryGetValue(channel, out var found) && found.IsThread ? found.ParentId
        : null;
}
