using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Briefer.Bot.FollowUp;

/// <summary>
/// Follow-ups in threads. The "Follow up" button on an answer opens a thread on that answer and starts a conversation
/// with it; from then on every message in the thread that mentions the bot or replies to it is a follow-up, answered
/// by the <see cref="ConversationService"/> (made self-contained, answered with its own numbered citations, added to
/// the conversation). Conversations live in the conversation store, so they survive a restart.
/// </summary>
internal sealed class FollowUpCommand(
    ConversationService conversations,
    AnswerPresenter presenter,
    DiscordRestClient rest,
    ILogger<FollowUpCommand> logger,
    AudienceResolver audiences) : IBotCommand
{
    /// <summary>Threads archive after a day without messages (Discord's choices: 60, 1440, 4320, 10080 minutes).</summary>
    private const int ArchiveAfterMinutes = 1440;

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Button(AnswerPresenter.FollowUpPrefix), BotRoute.ThreadMessage];

    public BotPolicy Policy { get; } = new();

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Kind == BotRequestKind.Button ? PrepareOpen(request) : PrepareFollowUp(request);
    }

    private BotWork PrepareOpen(BotRequest request)
    {
        var answerId = AnswerPresenter.AnswerIdFrom(request, 0);
        if (request.ChannelInfo?.IsThread == true)
        {
            return PrepareInThread(request, answerId);
        }

        var answerMessage = request.Target ?? throw new ArgumentException(InteractionRouter.StaleComponent);
        return new BotWork(BotAck.DeferEphemeral, async (_, cancellationToken) =>
        {
            var scope = request.RequiredScope;
            if (await conversations.FindAnswerAsync(scope, answerId, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return BotReply.Text(AnswerPresenter.UnknownAnswer);
            }

            // A thread started from a message has the message's id.
            var threadId = new ChannelId(answerMessage.Id.Value);
            if (await conversations.ExistsAsync(scope, ConversationKeys.ForThread(threadId), cancellationToken).ConfigureAwait(false))
            {
                return BotReply.Text($"This answer already has a thread: <#{threadId}>. Mention me there with your follow-up.");
            }

            DiscordChannel? thread;
            try
            {
                thread = await rest.StartThreadFromMessageAsync(request.Channel, answerMessage.Id,
                    new StartThreadParams(ThreadName(entry.Question), ArchiveAfterMinutes), cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordRestException ex)
            {
                Log.ThreadFailed(logger, request.Channel.Value, ex.Message);
                return BotReply.Text("I could not open a thread here. A server admin can give me the Create Public Threads and Send Messages in Threads permissions in this channel.");
            }

            threadId = thread?.Id ?? threadId;
            await conversations.StartAsync(scope, ConversationKeys.ForThread(threadId), entry, cancellationToken).ConfigureAwait(false);
            Log.ThreadOpened(logger, threadId.Value);
            await rest.CreateMessageAsync(threadId, AnswerRenderer.Text(
                $"Ask your follow-up here: mention me or reply to my answers. I keep this conversation for {conversations.MaxAge.TotalDays:0} days after its last question."),
                cancellationToken).ConfigureAwait(false);
            return BotReply.Text($"Thread opened: <#{threadId}>. Mention me there with your follow-up.");
        });
    }

    /// <summary>
    /// Follow up on an answer given inside a thread (a mention there): no new thread can be opened in a thread, so this
    /// thread becomes the conversation, starting from that answer.
    /// </summary>
    private BotWork PrepareInThread(BotRequest request, AnswerId answerId) =>
        new(BotAck.DeferEphemeral, async (_, cancellationToken) =>
        {
            if (await conversations.FindAnswerAsync(request.RequiredScope, answerId, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return BotReply.Text(AnswerPresenter.UnknownAnswer);
            }

            var started = await conversations.StartAsync(request.RequiredScope, ConversationKeys.ForThread(request.Channel), entry, cancellationToken).ConfigureAwait(false);
            return BotReply.Text(started
                ? "This thread is now a conversation: mention me here (or reply to my answers) with your follow-up."
                : "This thread is already a conversation: mention me here with your follow-up.");
        });

    private BotWork PrepareFollowUp(BotRequest request)
    {
        var question = request.Text;
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new ArgumentException("I can't read that message: mention me in it (or keep the @ on when you reply), then ask your follow-up.");
        }

        return new BotWork(BotAck.Defer, async (_, cancellationToken) =>
        {
            var key = ConversationKeys.ForThread(request.Channel);
            var result = await conversations.FollowUpAsync(request.RequiredScope, key, question, cancellationToken, audiences.ForChannel(request)).ConfigureAwait(false);
            return result switch
            {
                { Status: FollowUpStatus.Ended } => BotReply.Text("This conversation has ended. Ask in the channel to start a new one."),
                { Status: FollowUpStatus.TurnLimitReached } => BotReply.Text($"This thread has reached its {conversations.MaxTurns} questions. Ask in the channel to start a new conversation."),
                { Answer: { } followUp } => new BotReply(await presenter
                    .PresentAsync(request, AnswerKind.FollowUp, question, followUp.Standalone, followUp.Answer, offerFollowUp: false, key, cancellationToken).ConfigureAwait(false)),
                _ => throw new InvalidOperationException($"Follow-up status {result.Status} without an answer."),
            };
        });
    }

    private static string ThreadName(string question)
    {
        var name = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return AnswerRenderer.Trim(name.Length == 0 ? "Follow-up" : name, DiscordLimits.ThreadName);
    }
}
