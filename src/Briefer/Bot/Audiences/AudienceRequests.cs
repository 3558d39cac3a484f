using Briefer.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.Bot.Audiences;

/// <summary>The audiences of a bot request: <see cref="AudienceResolver"/> fed from what the request carries.</summary>
public static class AudienceRequests
{
    /// <summary>The channel audience of a request: where its public reply goes.</summary>
    public static ReaderAudience ForChannel(this AudienceResolver audiences, BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        ArgumentNullException.ThrowIfNull(request);
        return audiences.ForChannel(request.Guild, request.Channel, KnownParent(request));
    }

    /// <summary>The asker alone (an ephemeral reply), with the roles and permissions the interaction carried.</summary>
    public static ReaderAudience ForMember(this AudienceResolver audiences, BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        ArgumentNullException.ThrowIfNull(request);
        return audiences.ForMember(request.Guild, request.Asker.Id, request.Asker.Roles, request.Asker.Permissions, request.Channel, KnownParent(request));
    }

    /// <summary>
    /// Whether the asker of <paramref name="request"/> may read a document of <paramref name="visibility"/> now (the
    /// Sources button, re-checked on every click).
    /// </summary>
    public static bool MemberCanSee(this AudienceResolver audiences, BotRequest request, Visibility visibility) =>
        audiences.ForMember(request).CanSee(visibility);

    /// <summary>
    /// Who could read a question where <paramref name="request"/> asked it (<see cref="AudienceResolver.DefaultFor"/> of
    /// its channel): recorded with the answer so <c>/insights</c> lists it only for those who can see it. Null outside a guild.
    /// </summary>
    public static Visibility? WhereAsked(this AudienceResolver audiences, BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        ArgumentNullException.ThrowIfNull(request);
        return request.Guild is { } guild ? audiences.DefaultFor(guild, request.Channel, KnownParent(request)) : null;
    }

    private static ChannelId? KnownParent(BotRequest request) =>
        request.ChannelInfo?.IsThread == true ? request.ChannelInfo.ParentId : null;
}
