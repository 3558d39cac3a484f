using Briefer.Bot.Pipeline;
using Briefer.Core.Documents;
using Briefer.Discord.Guilds;
using Briefer.Discord.Models;

namespace Briefer.Bot.Audiences;

/// <summary>
/// Turns Discord's permission model into the knowledge core's <see cref="ReaderAudience"/>: who will read an answer.
/// A public answer in a channel may use only what every reader of that channel may read; an ephemeral answer may use
/// what the asker alone may read. When the guild cache does not know the guild yet, the audience narrows (fails closed).
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

    /// <summary>The channel audience of a request: where its public reply goes.</summary>
    public ReaderAudience ForChannel(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ForChannel(request.Guild, request.Channel, request.ChannelInfo?.IsThread == true ? request.ChannelInfo.ParentId : null);
    }

    /// <summary>
    /// The asker alone (an ephemeral reply): administrators and the owner read everything; a member reads documents
    /// visible to everyone, scoped to a channel they can view, or to a role they hold.
    /// </summary>
    public ReaderAudience ForMember(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Guild is not { } guild)
        {
            return ReaderAudience.EveryoneOnly;
        }

        if (request.Asker.Permissions is { } inChannel && (inChannel & DiscordPermissions.Administrator) != 0)
        {
            return ReaderAudience.Everything;
        }

        var roles = request.Asker.Roles ?? guilds.RolesOf(guild, request.Asker.Id) ?? [];
        var channels = new HashSet<AudienceChannelId> { Key(request.Channel) };
        if (request.ChannelInfo is { IsThread: true, ParentId: { } parent })
        {
            channels.Add(Key(parent));
        }

        if (guilds.Get(guild) is { } snapshot)
        {
            if ((PermissionCalculator.Base(snapshot, request.Asker.Id, [.. roles]) & DiscordPermissions.Administrator) != 0)
            {
                return ReaderAudience.Everything;
            }

            if (snapshot.ParentOf(request.Channel) is { } cachedParent)
            {
                channels.Add(Key(cachedParent));
            }

            foreach (var channel in snapshot.Channels.Keys)
            {
                if (PermissionCalculator.CanView(PermissionCalculator.InChannel(snapshot, request.Asker.Id, [.. roles], channel)))
                {
                    channels.Add(Key(channel));
                }
            }
        }

        return ReaderAudience.Of(channels, [.. roles.Select(r => new AudienceRoleId(r.Value)), new AudienceRoleId(guild.Value)]);
    }

    /// <summary>
    /// Whether the asker of <paramref name="request"/> may read a document of <paramref name="visibility"/> now (the
    /// Sources button, re-checked on every click; insights).
    /// </summary>
    public bool MemberCanSee(BotRequest request, Visibility visibility) => ForMember(request).CanSee(visibility);

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
