namespace Briefer.Discord.Models;

/// <summary>Whether a permission overwrite names a role or a member.</summary>
public enum OverwriteType
{
    Role = 0,
    Member = 1,
}

/// <summary>A channel's permission overwrite for one role or one member.</summary>
/// <param name="Id">The role's id (the guild's id for @everyone) or the member's user id, as <see cref="Type"/> says (a string snowflake on the wire).</param>
public sealed record PermissionOverwrite(ulong Id, OverwriteType Type, DiscordPermissions Allow, DiscordPermissions Deny);

/// <summary>A guild role: its base permissions.</summary>
public sealed record DiscordRole(RoleId Id, string Name, DiscordPermissions Permissions, int Position = 0);

/// <summary>
/// The <c>d</c> of GUILD_CREATE (the parts Briefer keeps): roles, channels with their overwrites, and active threads.
/// <see cref="Unavailable"/> is true for a guild in an outage, which carries nothing else.
/// </summary>
public sealed record GuildCreateEvent(
    GuildId Id,
    UserId? OwnerId = null,
    IReadOnlyList<DiscordRole>? Roles = null,
    IReadOnlyList<DiscordChannel>? Channels = null,
    IReadOnlyList<DiscordChannel>? Threads = null,
    bool? Unavailable = null);

/// <summary>The <c>d</c> of GUILD_DELETE: the bot left (or was removed from) the guild, or it is unavailable.</summary>
public sealed record GuildDeleteEvent(GuildId Id, bool? Unavailable = null);

/// <summary>The <c>d</c> of GUILD_ROLE_CREATE and GUILD_ROLE_UPDATE.</summary>
public sealed record GuildRoleEvent(GuildId GuildId, DiscordRole Role);

/// <summary>The <c>d</c> of GUILD_ROLE_DELETE.</summary>
public sealed record GuildRoleDeleteEvent(GuildId GuildId, RoleId RoleId);

/// <summary>The <c>d</c> of GUILD_MEMBER_UPDATE (needs the privileged GUILD_MEMBERS intent): the member's roles now.</summary>
public sealed record GuildMemberUpdateEvent(GuildId GuildId, DiscordUser User, IReadOnlyList<RoleId> Roles);
