using Briefer.AutoAnswers;
using Briefer.Bot.Pipeline;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// "Still need help?" on an automatic answer: pings the channel's hand-off role once (only that role may ping) and
/// applies the forum's Needs human tag where it has one. A second click, by anyone, is told it was already done.
/// </summary>
internal sealed class StillNeedHelpCommand(AutoAnswerStore store, TimeProvider time, ForumTags tags, DiscordRestClient rest) : IBotCommand
{
    public const string AlreadyAsked = "A human was already asked to look at this question.";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Button(AutoAnswerReplyCommand.StillNeedHelpPrefix)];

    public BotPolicy Policy { get; } = new(Ephemeral: true);

    public static string PingText(RoleId role, UserId member) => $"<@&{role}> — <@{member}> still needs help with this question.";

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answerId = AnswerPresenter.AnswerIdFrom(request, 0);
        return new BotWork(BotAck.DeferEphemeral, async (_, cancellationToken) =>
        {
            if (await store.FindAnswerAsync(request.RequiredScope, answerId.Value, cancellationToken).ConfigureAwait(false) is not { } answer)
            {
                return BotReply.Text(AnswerPresenter.UnknownAnswer);
            }

            if (!await store.TryMarkAsync(answer.AnswerId, AutoAnswerMark.Help, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                return BotReply.Text(AlreadyAsked);
            }

            await store.RecordEventAsync(request.RequiredScope, AutoAnswerEvent.StillNeedHelp, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var tagged = answer.Thread && request.Guild is { } guild
                && await tags.ApplyNeedsHumanAsync(guild, answer.Channel, cancellationToken).ConfigureAwait(false);
            if (answer.HandoffRole is { } role)
            {
                await rest.CreateMessageAsync(answer.Channel,
                    new MessageParams(PingText(role, request.Asker.Id), AllowedMentions: AllowedMentions.OnlyRole(role)), cancellationToken).ConfigureAwait(false);
                return BotReply.Text($"I pinged <@&{role}>; someone will be with you.{(tagged ? " The post is tagged Needs human." : string.Empty)}");
            }

            return BotReply.Text(tagged ? "The post is tagged Needs human, so the moderators see it." : "No hand-off role is set for this channel; a moderator will see your question here.");
        });
    }
}
