using Briefer.Core.Documents;
using Briefer.Discord.Guilds;
using Briefer.Discord.Models;

namespace Briefer.Audiences;

/// <summary>
/// Turns Discord's permission model into the knowledge core's <see cref="ReaderAudience"/>: who will read an answer.
/// A public answer in a channel may use only what every reader of that channel may read; an ephemeral answer may use
/// what the asker alone may read. When the guild cache does not know the guild yet, the audience narrows (fails closed).
/// Used by the bot (through its requests, <c>Bot.Audiences.AudienceRequests</c>) and by digests, so it belongs to neither.
/// </summary>
public sealed class AudienceResolver(GuildCache guilds)
{
    /// <summary>
    /// Everyone who can view <paramref name="channel"/> (a public answer, a digest, a follow-up thread): documents visible
    /// to everyone, and documents scoped to that channel or, for a thread, to its parent (whose readers include the
    /// thread's). Role-scoped documents never reach a channel: Discord cannot promise every reader holds the role.
    /// </summary>
    public ReaderAudience ForChannel(GuildId? guild, ChannelId channel, ChannelId? knownParent = null)
    {
        if (guild is not { } id)
        {
            return ReaderAudience.EveryoneOnly;
        }

        var parent = knownParent ?? guilds.Get(id)?.ParentOf(channel);
        return ReaderAudience.Of(parent is { } p ? [Key(channel), Key(p)] : [Key(channel)], []);
    }

    /// <summary>
    /// One member alone (an ephemeral reply), asking in <paramref name="channel"/>: administrators and the owner read
    /// everything; a member reads documents visible to everyone, scoped to a channel they can view, or to a role they
    /// hold. <paramref name="roles"/> and <paramref name="permissions"/> are what the interaction carried, when it did.
    /// </summary>
    public ReaderAudience ForMember(GuildId? guild, UserId member, IReadOnlyList<RoleId>? roles, DiscordPermissions? permissions, ChannelId channel, ChannelId? knownParent = null)
    {
        if (guild is not { } id)
        {
            return ReaderAudience.EveryoneOnly;
        }

        if (permissions is { } inChannel && (inChannel & DiscordPermissions.Administrator) != 0)
        {
            return ReaderAudience.Everything;
        }

        var held = roles ?? guilds.RolesOf(id, member) ?? [];
        var channels = new HashSet<AudienceChannelId> { Key(channel) };
        if (knownParent is { } parent)
        {
            channels.Add(Key(parent));
        }

        if (guilds.Get(id) is { } snapshot)
        {
            if ((PermissionCalculator.Base(snapshot, member, [.. held]) & DiscordPermissions.Administrator) != 0)
            {
                return ReaderAudience.Everything;
            }

            if (snapshot.ParentOf(channel) is { } cachedParent)
            {
                channels.Add(Key(cachedParent));
            }

            foreach (var other in snapshot.Channels.Keys)
            {
                if (PermissionCalculator.CanView(PermissionCalculator.InChannel(snapshot, member, [.. held], other)))
                {
                    channels.Add(Key(other));
                }
            }
        }

        return ReaderAudience.Of(channels, [.. held.Select(r => new AudienceRoleId(r.Value)), new AudienceRoleId(id.Value)]);
    }

    /// <summary>
    /// What a document saved or ingested in <paramref name="channel"/> is visible to by default: everyone when everyone
    /// can view the channel (a thread: its parent), else that channel's readers. Unknown channels count as private.
    /// </summary>
    public Visibility DefaultFor(GuildId guild, ChannelId channel, ChannelId? knownParent = null)
    {
        var snapshot = guilds.Get(guild);
        var target = knownParent ?? snapshot?.ParentOf(channel) ?? channel;
        return snapshot is not null && PermissionCalculator.VisibleToEveryone(snapshot, target) == true
            ? Visibility.Everyone
            : Visibility.ForChannel(Key(target));
    }

    /// <summary>A label for admins (<c>/sources</c>): everyone, a channel mention, or role mentions.</summary>
    public static string Describe(Visibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return visibility.Kind switch
        {
            VisibilityKind.Everyone => "everyone",
            VisibilityKind.Channel => $"<#{visibility.Channel}>",
            _ => string.Join(' ', visibility.Roles.Select(r => $"<@&{r}>")),
        };
    }

    private static AudienceChannelId Key(ChannelId channel) => new(channel.Value);
}
