using Briefer.Discord.Models;

namespace Briefer.Discord.Guilds;

/// <summary>
/// Discord's documented permission computation ("Permissions" → "Permission Hierarchy" in the developer docs), in its
/// order: the owner has every permission; otherwise the base is @everyone's permissions OR every role of the member,
/// and Administrator grants everything; then, in a channel, the @everyone overwrite (deny, then allow), the member's
/// role overwrites combined (all denies, then all allows), and last the member's own overwrite (deny, then allow).
/// Threads take their parent channel's permissions. Knows nothing of documents.
/// </summary>
public static class PermissionCalculator
{
    /// <summary>The member's guild-wide permissions, before channel overwrites.</summary>
    public static DiscordPermissions Base(GuildSnapshot guild, UserId user, IReadOnlyCollection<RoleId> roles)
    {
        ArgumentNullException.ThrowIfNull(guild);
        ArgumentNullException.ThrowIfNull(roles);
        if (guild.OwnerId == user)
        {
            return DiscordPermissions.All;
        }

        var permissions = guild.Roles.TryGetValue(RoleId.Everyone(guild.Id), out var everyone) ? everyone.Permissions : DiscordPermissions.None;
        foreach (var role in roles)
        {
            if (guild.Roles.TryGetValue(role, out var held))
            {
                permissions |= held.Permissions;
            }
        }

        return (permissions & DiscordPermissions.Administrator) != 0 ? DiscordPermissions.All : permissions;
    }

    /// <summary>The member's permissions in <paramref name="channel"/> (a thread resolves to its parent); null when the channel is unknown.</summary>
    public static DiscordPermissions? InChannel(GuildSnapshot guild, UserId user, IReadOnlyCollection<RoleId> roles, ChannelId channel)
    {
        ArgumentNullException.ThrowIfNull(guild);
        var basePermissions = Base(guild, user, roles);
        if (guild.ResolveOverwriteChannel(channel) is not { } target)
        {
            return null;
        }

        return basePermissions == DiscordPermissions.All && (basePermissions & DiscordPermissions.Administrator) != 0
            ? DiscordPermissions.All
            : ApplyOverwrites(guild.Id, basePermissions, user, roles, target.PermissionOverwrites ?? []);
    }

    /// <summary>Applies a channel's overwrites to base permissions in Discord's order.</summary>
    public static DiscordPermissions ApplyOverwrites(GuildId guild, DiscordPermissions basePermissions, UserId user, IReadOnlyCollection<RoleId> roles, IReadOnlyList<PermissionOverwrite> overwrites)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(overwrites);
        if ((basePermissions & DiscordPermissions.Administrator) != 0)
        {
            return DiscordPermissions.All;
        }

        var permissions = basePermissions;
        if (overwrites.FirstOrDefault(o => o.Type == OverwriteType.Role && o.Id == guild.Value) is { } everyone)
        {
            permissions &= ~everyone.Deny;
            permissions |= everyone.Allow;
        }

        var allow = DiscordPermissions.None;
        var deny = DiscordPermissions.None;
        foreach (var overwrite in overwrites)
        {
            if (overwrite.Type == OverwriteType.Role && overwrite.Id != guild.Value && roles.Contains(new RoleId(overwrite.Id)))
            {
                allow |= overwrite.Allow;
                deny |= overwrite.Deny;
            }
        }

        permissions &= ~deny;
        permissions |= allow;
        if (overwrites.FirstOrDefault(o => o.Type == OverwriteType.Member && o.Id == user.Value) is { } member)
        {
            permissions &= ~member.Deny;
            permissions |= member.Allow;
        }

        return permissions;
    }

    /// <summary>Whether <paramref name="permissions"/> let their holder see the channel.</summary>
    public static bool CanView(DiscordPermissions? permissions) =>
        permissions is { } p && (p & (DiscordPermissions.ViewChannel | DiscordPermissions.Administrator)) != 0;

    /// <summary>
    /// Whether every member of the guild can view <paramref name="channel"/>: @everyone's permissions with the @everyone
    /// overwrite allow View Channel (member and role overwrites can only narrow it for some). Null when unknown.
    /// </summary>
    public static bool? VisibleToEveryone(GuildSnapshot guild, ChannelId channel)
    {
        ArgumentNullException.ThrowIfNull(guild);
        if (guild.ResolveOverwriteChannel(channel) is not { } target)
        {
            return null;
        }

        var everyone = guild.Roles.TryGetValue(RoleId.Everyone(guild.Id), out var role) ? role.Permissions : DiscordPermissions.None;
        if ((everyone & DiscordPermissions.Administrator) != 0)
        {
            return true;
        }

        var overwrites = target.PermissionOverwrites ?? [];
        if (overwrites.FirstOrDefault(o => o.Type == OverwriteType.Role && o.Id == guild.Id.Value) is { } own)
        {
            everyone = (everyone & ~own.Deny) | own.Allow;
        }

        // A role or member overwrite that denies View Channel hides the channel from some members: not everyone's.
        var narrowed = overwrites.Any(o => o.Id != guild.Id.Value && (o.Deny & DiscordPermissions.ViewChannel) != 0);
        return (everyone & DiscordPermissions.ViewChannel) != 0 && !narrowed;
    }
}
