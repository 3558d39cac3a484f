using Briefer.Bot.Pipeline;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;
using Microsoft.Extensions.Logging;

namespace Briefer.Bot.Feedback;

/// <summary>
/// 👍 / 👎 on an answer, and the optional "what was wrong?" form a 👎 opens. One vote per member and answer (stored
/// with the member's id hashed); clicking the other button changes it. Not rate-limited: votes are cheap and idempotent.
/// </summary>
internal sealed class FeedbackCommand(IConversationStore conversations, AutoAnswer.AutoAnswerFeedback automatic, ILogger<FeedbackCommand> logger) : IBotCommand
{
    public const string CommentField = "comment";
    private const int MaxComment = 1000;

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Button(AnswerPresenter.VotePrefix), BotRoute.Modal(AnswerPresenter.CommentPrefix)];

    public BotPolicy Policy { get; } = new(RateLimited: false, Ephemeral: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind == BotRequestKind.Modal)
        {
            return PrepareComment(request);
        }

        var vote = request.Arguments.Count > 0 ? request.Arguments[0] switch { "up" => Vote.Up, "down" => Vote.Down, _ => (Vote?)null } : null;
        var answerId = AnswerPresenter.AnswerIdFrom(request, 1);
        if (vote is null)
        {
            throw new ArgumentException(InteractionRouter.StaleComponent);
        }

        if (vote == Vote.Down)
        {
            // A modal must be the first response; the vote is recorded behind it, so closing the form still counts the 👎.
            var modal = new ModalData(CustomIds.Create(AnswerPresenter.CommentPrefix, answerId.Value), "What was wrong with the answer?",
                [Component.TextInput(CommentField, "What was wrong? (optional)", TextInputStyle.Paragraph, required: false, MaxComment,
                    placeholder: "e.g. it missed the 2026 figures; the source is out of date")]);
            return new BotWork(BotAck.ShowModal(modal), async (context, cancellationToken) =>
            {
                if (await VoteAsync(context, answerId, Vote.Down, cancellationToken).ConfigureAwait(false) == VoteOutcome.UnknownAnswer)
                {
                    Log.UnknownAnswerVote(logger);
                }

                return BotReply.Done;
            });
        }

        return new BotWork(BotAck.DeferEphemeral, async (context, cancellationToken) =>
            BotReply.Text(await VoteAsync(context, answerId, Vote.Up, cancellationToken).ConfigureAwait(false) switch
            {
                VoteOutcome.Recorded => "Thanks! Noted that this answer helped.",
                VoteOutcome.Changed => "Changed your vote to 👍.",
                VoteOutcome.Unchanged => "You already marked this answer as helpful.",
                _ => AnswerPresenter.UnknownAnswer,
            }));
    }

    private BotWork PrepareComment(BotRequest request)
    {
        var answerId = AnswerPresenter.AnswerIdFrom(request, 0);
        var comment = request.Fields.GetValueOrDefault(CommentField)?.Trim() ?? string.Empty;
        if (comment.Length > MaxComment)
        {
            comment = comment[..MaxComment];
        }

        return new BotWork(BotAck.DeferEphemeral, async (context, cancellationToken) =>
        {
            var known = comment.Length == 0
                ? await conversations.VoteAsync(request.RequiredScope, answerId, request.Asker.StoreId, Vote.Down, cancellationToken).ConfigureAwait(false) != VoteOutcome.UnknownAnswer
                : await conversations.CommentAsync(request.RequiredScope, answerId, request.Asker.StoreId, comment, cancellationToken).ConfigureAwait(false);
            return BotReply.Text(!known ? AnswerPresenter.UnknownAnswer
                : comment.Length == 0 ? "Thanks, your 👎 is noted."
                : "Thanks, your 👎 and note are with the server's admins (they see them in /insights).");
        });
    }

    private async Task<VoteOutcome> VoteAsync(BotContext context, AnswerId answerId, Vote vote, CancellationToken cancellationToken)
    {
        var outcome = await conversations.VoteAsync(context.Request.RequiredScope, answerId, context.Request.Asker.StoreId, vote, cancellationToken).ConfigureAwait(false);
        if (outcome is VoteOutcome.Recorded or VoteOutcome.Changed)
        {
            await automatic.OnVoteAsync(context.Request, answerId, vote == Vote.Up, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }
}
