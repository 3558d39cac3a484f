using System.Text.Json;
using Briefer.Discord.Models;

namespace Briefer.Discord.Gateway;

/// <summary>A gateway dispatch that changes what the bot knows about a guild's roles, channels and members.</summary>
public abstract record GuildStateEvent
{
    private GuildStateEvent()
    {
    }

    public sealed record Created(GuildCreateEvent Guild) : GuildStateEvent;

    public sealed record Deleted(GuildDeleteEvent Guild) : GuildStateEvent;

    public sealed record RoleChanged(GuildRoleEvent Change) : GuildStateEvent;

    public sealed record RoleDeleted(GuildRoleDeleteEvent Change) : GuildStateEvent;

    /// <summary>CHANNEL_CREATE/UPDATE and THREAD_CREATE/UPDATE.</summary>
    public sealed record ChannelChanged(DiscordChannel Channel) : GuildStateEvent;

    /// <summary>CHANNEL_DELETE and THREAD_DELETE.</summary>
    public sealed record ChannelDeleted(DiscordChannel Channel) : GuildStateEvent;

    public sealed record MemberUpdated(GuildMemberUpdateEvent Change) : GuildStateEvent;

    /// <summary>Reads a dispatch named <paramref name="eventName"/>; null when it is not a guild-state event.</summary>
    public static GuildStateEvent? Read(string? eventName, JsonElement data) => eventName switch
    {
        "GUILD_CREATE" => new Created(data.Deserialize(DiscordJsonContext.Default.GuildCreateEvent)!),
        "GUILD_DELETE" => new Deleted(data.Deserialize(DiscordJsonContext.Default.GuildDeleteEvent)!),
        "GUILD_ROLE_CREATE" or "GUILD_ROLE_UPDATE" => new RoleChanged(data.Deserialize(DiscordJsonContext.Default.GuildRoleEvent)!),
        "GUILD_ROLE_DELETE" => new RoleDeleted(data.Deserialize(DiscordJsonContext.Default.GuildRoleDeleteEvent)!),
        "CHANNEL_CREATE" or "CHANNEL_UPDATE" or "THREAD_CREATE" or "THREAD_UPDATE" => new ChannelChanged(data.Deserialize(DiscordJsonContext.Default.DiscordChannel)!),
        "CHANNEL_DELETE" or "THREAD_DELETE" => new ChannelDeleted(data.Deserialize(DiscordJsonContext.Default.DiscordChannel)!),
        "GUILD_MEMBER_UPDATE" => new MemberUpdated(data.Deserialize(DiscordJsonContext.Default.GuildMemberUpdateEvent)!),
        _ => null,
    };
}
