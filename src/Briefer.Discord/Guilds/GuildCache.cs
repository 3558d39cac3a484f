using System.Collections.Concurrent;
using System.Collections.Immutable;
using Briefer.Discord.Gateway;
using Briefer.Discord.Models;

namespace Briefer.Discord.Guilds;

/// <summary>
/// The guilds the bot is in, kept from GUILD_CREATE and current with GUILD_ROLE_*, CHANNEL_*, THREAD_* and
/// GUILD_MEMBER_UPDATE (the last only with the privileged GUILD_MEMBERS intent; without it a member's roles are
/// those their latest interaction carried). Answers "who may see what" from Discord's own permission model.
/// </summary>
public sealed class GuildCache : IGatewayEventHandler
{
    private readonly ConcurrentDictionary<GuildId, GuildSnapshot> _guilds = new();

    /// <summary>The guild as last seen; null before its GUILD_CREATE (or after GUILD_DELETE).</summary>
    public GuildSnapshot? Get(GuildId guild) => _guilds.TryGetValue(guild, out var snapshot) ? snapshot : null;

    /// <summary>The roles of a member as last seen (GUILD_MEMBER_UPDATE or an interaction); null when never seen.</summary>
    public IReadOnlyList<RoleId>? RolesOf(GuildId guild, UserId user) =>
        Get(guild) is { } snapshot && snapshot.MemberRoles.TryGetValue(user, out var roles) ? roles : null;

    /// <summary>Applies one gateway dispatch that describes guild state; other events are ignored.</summary>
    public void Apply(GuildStateEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        switch (change)
        {
            case GuildStateEvent.Created { Guild: { Unavailable: not true } guild }:
                // A re-sent GUILD_CREATE (reconnect) replaces everything but the member roles learnt so far.
                _guilds.AddOrUpdate(guild.Id, _ => GuildSnapshot.From(guild), (_, old) => GuildSnapshot.From(guild) with { MemberRoles = old.MemberRoles });
                break;
            case GuildStateEvent.Deleted { Guild: { Unavailable: not true } gone }:
                _guilds.TryRemove(gone.Id, out _);
                break;
            case GuildStateEvent.RoleChanged { Change: var role }:
                Update(role.GuildId, g => g with { Roles = g.Roles.SetItem(role.Role.Id, role.Role) });
                break;
            case GuildStateEvent.RoleDeleted { Change: var deleted }:
                Update(deleted.GuildId, g => g with
                {
                    Roles = g.Roles.Remove(deleted.RoleId),
                    MemberRoles = g.MemberRoles.ToImmutableDictionary(p => p.Key, p => p.Value.Remove(deleted.RoleId)),
                });
                break;
            case GuildStateEvent.ChannelChanged { Channel: { GuildId: { } guildId } channel }:
                Update(guildId, g => channel.IsThread
                    ? g with { Threads = g.Threads.SetItem(channel.Id, channel) }
                    : g with { Channels = g.Channels.SetItem(channel.Id, channel) });
                break;
            case GuildStateEvent.ChannelDeleted { Channel: { GuildId: { } guildId } channel }:
                Update(guildId, g => g with { Channels = g.Channels.Remove(channel.Id), Threads = g.Threads.Remove(channel.Id) });
                break;
            case GuildStateEvent.MemberUpdated { Change: var member }:
                RememberRoles(member.GuildId, member.User.Id, member.Roles);
                break;
            default:
                break;
        }
    }

    /// <summary>Records a member's roles as an interaction or GUILD_MEMBER_UPDATE carried them.</summary>
    public void RememberRoles(GuildId guild, UserId user, IReadOnlyList<RoleId> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        Update(guild, g => g with { MemberRoles = g.MemberRoles.SetItem(user, [.. roles]) });
    }

    Task IGatewayEventHandler.OnGuildStateAsync(GuildStateEvent change, CancellationToken cancellationToken)
    {
        Apply(change);
        return Task.CompletedTask;
    }

    private void Update(GuildId guild, Func<GuildSnapshot, GuildSnapshot> change)
    {
        // Lock-free: retry when another event replaced the snapshot in between. Unknown guilds are left alone.
        while (_guilds.TryGetValue(guild, out var current))
        {
            if (_guilds.TryUpdate(guild, change(current), current))
            {
                return;
            }
        }
    }
}
