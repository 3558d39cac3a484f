using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;
using Briefer.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Briefer.Bot.FollowUp;

/// <summary>
/// Follow-ups in threads. The "Follow up" button on an answer opens a thread on that answer and starts a conversation
/// with it; from then on every message in the thread that mentions the bot or replies to it is a follow-up: made
/// self-contained from the conversation (<see cref="IFollowUpRewriter"/>), answered with its own numbered citations,
/// and added to the conversation. Conversations live in the conversation store, so they survive a restart.
/// </summary>
internal sealed class FollowUpCommand(IOptions<ConversationOptions> options, TimeProvider time) : IBotCommand
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
        return new BotWork(BotAck.DeferEphemeral, async (context, cancellationToken) =>
        {
            var store = context.Services.GetRequiredService<IConversationStore>();
            var scope = request.RequiredScope;
            if (await store.GetAnswerAsync(scope, answerId, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return BotReply.Text(AnswerPresenter.UnknownAnswer);
            }

            // A thread started from a message has the message's id.
            var threadId = new ChannelId(answerMessage.Id.Value);
            var key = ConversationKeys.ForThread(threadId);
            if (await store.GetConversationAsync(scope, key, cancellationToken).ConfigureAwait(false) is not null)
            {
                return BotReply.Text($"This answer already has a thread: <#{threadId}>. Mention me there with your follow-up.");
            }

            var rest = context.Services.GetRequiredService<DiscordRestClient>();
            var logger = context.Services.GetRequiredService<ILogger<FollowUpCommand>>();
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
            key = ConversationKeys.ForThread(threadId);
            await store.StartConversationAsync(scope, key, new ConversationTurn(entry.Question, entry.StandaloneQuestion, entry.Answer.Text, entry.Answer.Abstained, entry.Answer.Citations, entry.At), cancellationToken).ConfigureAwait(false);
            Log.ThreadOpened(logger, threadId.Value);
            await rest.CreateMessageAsync(threadId, AnswerRenderer.Text(
                $"Ask your follow-up here: mention me or reply to my answers. I keep this conversation for {options.Value.MaxAge.TotalDays:0} days after its last question."),
                cancellationToken).ConfigureAwait(false);
            return BotReply.Text($"Thread opened: <#{threadId}>. Mention me there with your follow-up.");
        });
    }

    /// <summary>
    /// Follow up on an answer given inside a thread (a mention there): no new thread can be opened in a thread, so this
    /// thread becomes the conversation, starting from that answer.
    /// </summary>
    private static BotWork PrepareInThread(BotRequest request, AnswerId answerId) =>
        new(BotAck.DeferEphemeral, async (context, cancellationToken) =>
        {
            var store = context.Services.GetRequiredService<IConversationStore>();
            if (await store.GetAnswerAsync(request.RequiredScope, answerId, cancellationToken).ConfigureAwait(false) is not { } entry)
            {
                return BotReply.Text(AnswerPresenter.UnknownAnswer);
            }

            var started = await store.StartConversationAsync(request.RequiredScope, ConversationKeys.ForThread(request.Channel),
                new ConversationTurn(entry.Question, entry.StandaloneQuestion, entry.Answer.Text, entry.Answer.Abstained, entry.Answer.Citations, entry.At), cancellationToken).ConfigureAwait(false);
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

        return new BotWork(BotAck.Defer, async (context, cancellationToken) =>
        {
            var scope = request.RequiredScope;
            var key = ConversationKeys.ForThread(request.Channel);
            var store = context.Services.GetRequiredService<IConversationStore>();
            var conversation = await store.GetConversationAsync(scope, key, cancellationToken).ConfigureAwait(false);
            if (conversation is null)
            {
                return BotReply.Text("This conversation has ended. Ask in the channel to start a new one.");
            }

            if (conversation.Turns.Count >= options.Value.MaxTurns)
            {
                return BotReply.Text($"This thread has reached its {options.Value.MaxTurns} questions. Ask in the channel to start a new conversation.");
            }

            var history = conversation.Turns.TakeLast(options.Value.HistoryTurns).ToList();
            var standalone = await context.Services.GetRequiredService<IFollowUpRewriter>().RewriteAsync(question, history, cancellationToken).ConfigureAwait(false);
            var answer = await context.Services.GetRequiredService<IBriefingService>().AskAsync(scope, standalone, AnswerContext.From(history.Select(t => t.Citations)), cancellationToken).ConfigureAwait(false);

            // The member sees their own words as the title, and how Briefer read them when it filled something in.
            var readAs = string.Equals(standalone, question.Trim(), StringComparison.Ordinal) ? null : $"Read as: {standalone}";
            answer = answer with { Question = question, Note = string.Join(' ', new[] { answer.Note, readAs }.OfType<string>()) is { Length: > 0 } note ? note : null };
            await store.AppendTurnAsync(scope, key, new ConversationTurn(question, standalone, answer.Text, answer.Abstained, answer.Citations, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            return new BotReply(await context.Services.GetRequiredService<AnswerPresenter>()
                .PresentAsync(request, AnswerKind.FollowUp, question, standalone, answer, offerFollowUp: false, key, cancellationToken).ConfigureAwait(false));
        });
    }

    private static string ThreadName(string question)
    {
        var name = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return AnswerRenderer.Trim(name.Length == 0 ? "Follow-up" : name, DiscordLimits.ThreadName);
    }
}
