using System.Text.Json;
using Briefer.Discord.Gateway;
using Briefer.Discord.Guilds;
using Briefer.Discord.Models;
using static Briefer.Discord.Tests.Guilds.PermissionCalculatorTests;

namespace Briefer.Discord.Tests.Guilds;

/// <summary>The guild cache follows the gateway: GUILD_CREATE, then role, channel, thread and member changes.</summary>
public sealed class GuildCacheTests
{
    [Fact]
    public void Apply_GuildCreate_KeepsRolesChannelsAndThreads()
    {
        var cache = Created();

        var guild = cache.Get(new GuildId(Guild))!;

        Assert.Equal(4, guild.Roles.Count);
        Assert.Equal(new ChannelId(ModChat), guild.ParentOf(new ChannelId(ModThread)));
    }

    [Fact]
    public void Apply_ChannelUpdateDenyingEveryone_ChannelNoLongerPublic()
    {
        var cache = Created();

        cache.Apply(Read("CHANNEL_UPDATE", """{"id":"300","type":0,"guild_id":"100","permission_overwrites":[{"id":"100","type":0,"allow":"0","deny":"1024"}]}"""));

        Assert.False(PermissionCalculator.VisibleToEveryone(cache.Get(new GuildId(Guild))!, new ChannelId(General)));
    }

    [Fact]
    public void Apply_RoleUpdateGrantingAdministrator_MemberSeesPrivateChannel()
    {
        var cache = Created();

        cache.Apply(Read("GUILD_ROLE_UPDATE", """{"guild_id":"100","role":{"id":"201","name":"Muted","permissions":"8","position":1}}"""));

        Assert.True(PermissionCalculator.CanView(PermissionCalculator.InChannel(cache.Get(new GuildId(Guild))!, new UserId(Alice), [new RoleId(Muted)], new ChannelId(ModChat))));
    }

    [Fact]
    public void Apply_RoleDelete_ForgetsItOnMembers()
    {
        var cache = Created();
        cache.RememberRoles(new GuildId(Guild), new UserId(Alice), [new RoleId(Mods)]);

        cache.Apply(Read("GUILD_ROLE_DELETE", """{"guild_id":"100","role_id":"200"}"""));

        Assert.Empty(cache.RolesOf(new GuildId(Guild), new UserId(Alice))!);
    }

    [Fact]
    public void Apply_GuildMemberUpdate_ReplacesTheMembersRoles()
    {
        var cache = Created();
        cache.RememberRoles(new GuildId(Guild), new UserId(Alice), [new RoleId(Mods)]);

        cache.Apply(Read("GUILD_MEMBER_UPDATE", """{"guild_id":"100","user":{"id":"901","username":"alice"},"roles":[]}"""));

        Assert.Empty(cache.RolesOf(new GuildId(Guild), new UserId(Alice))!);
    }

    [Fact]
    public void Apply_ThreadCreateAndDelete_TracksTheThreadsParent()
    {
        var cache = Created();

        cache.Apply(Read("THREAD_CREATE", """{"id":"303","type":12,"guild_id":"100","parent_id":"301","name":"private"}"""));
        var created = cache.Get(new GuildId(Guild))!.ParentOf(new ChannelId(303));
        cache.Apply(Read("THREAD_DELETE", """{"id":"303","type":12,"guild_id":"100","parent_id":"301"}"""));

        Assert.Equal(new ChannelId(ModChat), created);
        Assert.Null(cache.Get(new GuildId(Guild))!.ParentOf(new ChannelId(303)));
    }

    [Fact]
    public void Apply_GuildDelete_ForgetsTheGuild()
    {
        var cache = Created();

        cache.Apply(Read("GUILD_DELETE", """{"id":"100"}"""));

        Assert.Null(cache.Get(new GuildId(Guild)));
    }

    [Fact]
    public void Apply_UnavailableGuildDelete_KeepsTheGuild()
    {
        var cache = Created();

        cache.Apply(Read("GUILD_DELETE", """{"id":"100","unavailable":true}"""));

        Assert.NotNull(cache.Get(new GuildId(Guild)));
    }

    [Fact]
    public void Read_OtherEvent_ReturnsNull() =>
        Assert.Null(GuildStateEvent.Read("MESSAGE_CREATE", JsonDocument.Parse("{}").RootElement));

    private static GuildCache Created()
    {
        var cache = new GuildCache();
        cache.Apply(Read("GUILD_CREATE", """
            {"id":"100","owner_id":"900",
             "roles":[{"id":"100","name":"@everyone","permissions":"3072"},{"id":"200","name":"Mods","permissions":"0"},
                      {"id":"201","name":"Muted","permissions":"0"},{"id":"202","name":"Admins","permissions":"8"}],
             "channels":[{"id":"300","type":0,"name":"general","permission_overwrites":[]},
                         {"id":"301","type":0,"name":"mod-chat","permission_overwrites":[{"id":"100","type":0,"allow":"0","deny":"1024"},{"id":"200","type":0,"allow":"1024","deny":"0"}]}],
             "threads":[{"id":"302","type":11,"guild_id":"100","parent_id":"301","name":"appeal"}]}
            """));
        return cache;
    }

    private static GuildStateEvent Read(string name, string json) => GuildStateEvent.Read(name, JsonDocument.Parse(json).RootElement)!;
}
