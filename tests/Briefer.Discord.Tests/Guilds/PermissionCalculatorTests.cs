using System.Text.Json;
using Briefer.Discord.Guilds;
using Briefer.Discord.Models;

namespace Briefer.Discord.Tests.Guilds;

/// <summary>Discord's permission hierarchy: base roles, Administrator, owner, overwrites in order, threads follow parents.</summary>
public sealed class PermissionCalculatorTests
{
    internal const ulong Guild = 100;
    internal const ulong Mods = 200;
    internal const ulong Muted = 201;
    internal const ulong Admins = 202;
    internal const ulong General = 300;
    internal const ulong ModChat = 301;
    internal const ulong ModThread = 302;
    internal const ulong Owner = 900;
    internal const ulong Alice = 901;

    private static readonly DiscordPermissions View = DiscordPermissions.ViewChannel;

    [Fact]
    public void InChannel_MemberWithoutTheRole_CannotViewPrivateChannel() =>
        Assert.False(PermissionCalculator.CanView(PermissionCalculator.InChannel(Snapshot(), new UserId(Alice), [], new ChannelId(ModChat))));

    [Fact]
    public void InChannel_MemberWithTheRole_CanViewPrivateChannel() =>
        Assert.True(PermissionCalculator.CanView(PermissionCalculator.InChannel(Snapshot(), new UserId(Alice), [new RoleId(Mods)], new ChannelId(ModChat))));

    [Fact]
    public void InChannel_RoleDenyAndRoleAllow_AllowWins()
    {
        // Role overwrites are combined: all denies first, then all allows.
        var channel = Channel(General, Overwrite(Muted, deny: View), Overwrite(Mods, allow: View));

        var permissions = PermissionCalculator.InChannel(Snapshot(channel), new UserId(Alice), [new RoleId(Mods), new RoleId(Muted)], new ChannelId(General));

        Assert.True(PermissionCalculator.CanView(permissions));
    }

    [Fact]
    public void InChannel_MemberOverwriteDeny_BeatsRoleAllow()
    {
        var channel = Channel(ModChat, Overwrite(Guild, deny: View), Overwrite(Mods, allow: View), Overwrite(Alice, OverwriteType.Member, deny: View));

        Assert.False(PermissionCalculator.CanView(PermissionCalculator.InChannel(Snapshot(channel), new UserId(Alice), [new RoleId(Mods)], new ChannelId(ModChat))));
    }

    [Fact]
    public void InChannel_MemberOverwriteAllow_BeatsEveryoneDeny()
    {
        var channel = Channel(ModChat, Overwrite(Guild, deny: View), Overwrite(Alice, OverwriteType.Member, allow: View));

        Assert.True(PermissionCalculator.CanView(PermissionCalculator.InChannel(Snapshot(channel), new UserId(Alice), [], new ChannelId(ModChat))));
    }

    [Fact]
    public void InChannel_Administrator_SeesEveryChannelWhateverTheOverwrites()
    {
        var channel = Channel(ModChat, Overwrite(Guild, deny: View), Overwrite(Alice, OverwriteType.Member, deny: View));

        Assert.Equal(DiscordPermissions.All, PermissionCalculator.InChannel(Snapshot(channel), new UserId(Alice), [new RoleId(Admins)], new ChannelId(ModChat)));
    }

    [Fact]
    public void InChannel_Owner_HasEverything() =>
        Assert.Equal(DiscordPermissions.All, PermissionCalculator.InChannel(Snapshot(), new UserId(Owner), [], new ChannelId(ModChat)));

    [Fact]
    public void InChannel_EveryoneRoleWithoutView_NoChannelVisible()
    {
        var snapshot = Snapshot() with { Roles = Snapshot().Roles.SetItem(new RoleId(Guild), new DiscordRole(new RoleId(Guild), "@everyone", DiscordPermissions.SendMessages)) };

        Assert.False(PermissionCalculator.CanView(PermissionCalculator.InChannel(snapshot, new UserId(Alice), [], new ChannelId(General))));
    }

    [Fact]
    public void InChannel_Thread_FollowsItsParent()
    {
        Assert.False(PermissionCalculator.CanView(PermissionCalculator.InChannel(Snapshot(), new UserId(Alice), [], new ChannelId(ModThread))));
        Assert.True(PermissionCalculator.CanView(PermissionCalculator.InChannel(Snapshot(), new UserId(Alice), [new RoleId(Mods)], new ChannelId(ModThread))));
    }

    [Fact]
    public void InChannel_UnknownChannel_ReturnsNull() =>
        Assert.Null(PermissionCalculator.InChannel(Snapshot(), new UserId(Alice), [], new ChannelId(12345)));

    [Fact]
    public void VisibleToEveryone_PublicAndPrivateChannels()
    {
        var snapshot = Snapshot();

        Assert.True(PermissionCalculator.VisibleToEveryone(snapshot, new ChannelId(General)));
        Assert.False(PermissionCalculator.VisibleToEveryone(snapshot, new ChannelId(ModChat)));
        Assert.False(PermissionCalculator.VisibleToEveryone(snapshot, new ChannelId(ModThread)));
    }

    [Fact]
    public void VisibleToEveryone_ARoleDeniedView_IsNotEveryones()
    {
        var snapshot = Snapshot(Channel(General, Overwrite(Muted, deny: View)));

        Assert.False(PermissionCalculator.VisibleToEveryone(snapshot, new ChannelId(General)));
    }

    [Fact]
    public void Overwrite_FromDiscordJson_ReadsStringIdsAndBitSets()
    {
        var overwrite = JsonSerializer.Deserialize("""{"id":"200","type":0,"allow":"1024","deny":"0"}""", DiscordJsonContext.Default.PermissionOverwrite)!;

        Assert.Equal(new PermissionOverwrite(Mods, OverwriteType.Role, View, DiscordPermissions.None), overwrite);
    }

    /// <summary>
    /// @everyone may view and send; Mods has no base permissions of its own; Admins is Administrator. #general is open,
    /// #mod-chat denies @everyone and allows Mods, and a thread of #mod-chat.
    /// </summary>
    internal static GuildSnapshot Snapshot(params DiscordChannel[] replace)
    {
        var guild = new GuildCreateEvent(
            new GuildId(Guild),
            new UserId(Owner),
            [
                new DiscordRole(new RoleId(Guild), "@everyone", View | DiscordPermissions.SendMessages),
                new DiscordRole(new RoleId(Mods), "Mods", DiscordPermissions.None),
                new DiscordRole(new RoleId(Muted), "Muted", DiscordPermissions.None),
                new DiscordRole(new RoleId(Admins), "Admins", DiscordPermissions.Administrator),
            ],
            [Channel(General), Channel(ModChat, Overwrite(Guild, deny: View), Overwrite(Mods, allow: View))],
            [new DiscordChannel(new ChannelId(ModThread), 11, new GuildId(Guild), "appeal", new ChannelId(ModChat))]);
        var snapshot = GuildSnapshot.From(guild);
        foreach (var channel in replace)
        {
            snapshot = snapshot with { Channels = snapshot.Channels.SetItem(channel.Id, channel) };
        }

        return snapshot;
    }

    internal static DiscordChannel Channel(ulong id, params PermissionOverwrite[] overwrites) =>
        new(new ChannelId(id), 0, new GuildId(Guild), "c" + id, null, overwrites);

    internal static PermissionOverwrite Overwrite(ulong id, OverwriteType type = OverwriteType.Role, DiscordPermissions allow = DiscordPermissions.None, DiscordPermissions deny = DiscordPermissions.None) =>
        new(id, type, allow, deny);
}
