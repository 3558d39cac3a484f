using Briefer.Core.Answering;
using Briefer.Core.Documents;
using Microsoft.Extensions.Options;

namespace Briefer.Core.Conversations;

/// <summary>How a follow-up went.</summary>
public enum FollowUpStatus
{
    /// <summary>Answered (or abstained) and added to the conversation.</summary>
    Answered,

    /// <summary>No such conversation: it never started, or it expired.</summary>
    Ended,

    /// <summary>The conversation has had its <see cref="ConversationOptions.MaxTurns"/> questions.</summary>
    TurnLimitReached,
}

/// <summary>A follow-up read in its conversation: the self-contained question and its answer.</summary>
/// <param name="Standalone">The follow-up made self-contained by the <see cref="IFollowUpRewriter"/>.</param>
/// <param name="Answer">The answer, titled with the member's own words and noting how Briefer read them.</param>
public sealed record FollowUpAnswer(string Standalone, Answer Answer);

/// <summary>The outcome of <see cref="ConversationService.FollowUpAsync"/>; <see cref="Answer"/> is set when answered.</summary>
public sealed record FollowUpResult(FollowUpStatus Status, FollowUpAnswer? Answer = null);

/// <summary>
/// Conversations for every front end (the bot's threads, the conversation evaluation): starting one from a recorded
/// answer, taking turns within the limits of <see cref="ConversationOptions"/>, rewriting a follow-up into a
/// self-contained question and answering it through <see cref="IBriefingService"/>.
/// </summary>
public sealed class ConversationService(
    IConversationStore store,
    IFollowUpRewriter rewriter,
    IBriefingService briefing,
    IOptions<ConversationOptions> options,
    TimeProvider time)
{
    private readonly ConversationOptions _options = options.Value;

    /// <summary>How long a conversation is kept after its last question.</summary>
    public TimeSpan MaxAge => _options.MaxAge;

    /// <summary>The most questions a conversation takes.</summary>
    public int MaxTurns => _options.MaxTurns;

    /// <summary>A recorded answer of the scope; null when the scope has none by that id (or it is too old).</summary>
    public Task<AnswerEntry?> FindAnswerAsync(ScopeId scope, AnswerId id, CancellationToken cancellationToken) =>
        store.GetAnswerAsync(scope, id, cancellationToken);

    /// <summary>Whether the conversation <paramref name="key"/> is going on.</summary>
    public async Task<bool> ExistsAsync(ScopeId scope, string key, CancellationToken cancellationToken) =>
        await store.GetConversationAsync(scope, key, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Starts the conversation <paramref name="key"/> with a recorded answer as its first turn; false when it already exists.</summary>
    public Task<bool> StartAsync(ScopeId scope, string key, AnswerEntry first, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        return store.StartConversationAsync(scope, key, Turn(first.Question, first.StandaloneQuestion, first.Answer, first.At), cancellationToken);
    }

    /// <summary>
    /// A follow-up in the conversation <paramref name="key"/>: read in the light of its latest
    /// <see cref="ConversationOptions.HistoryTurns"/> turns, answered from what <paramref name="audience"/> (the thread's
    /// readers; documents visible to everyone when null) may read, and added as a turn.
    /// </summary>
    public async Task<FollowUpResult> FollowUpAsync(ScopeId scope, string key, string question, CancellationToken cancellationToken, ReaderAudience? audience = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var conversation = await store.GetConversationAsync(scope, key, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return new FollowUpResult(FollowUpStatus.Ended);
        }

        if (conversation.Turns.Count >= _options.MaxTurns)
        {
            return new FollowUpResult(FollowUpStatus.TurnLimitReached);
        }

        var followUp = await AnswerInContextAsync(scope, question, conversation.Turns.TakeLast(_options.HistoryTurns).ToList(), cancellationToken, audience).ConfigureAwait(false);
        await store.AppendTurnAsync(scope, key, Turn(question, followUp.Standalone, followUp.Answer, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        return new FollowUpResult(FollowUpStatus.Answered, followUp);
    }

    /// <summary>
    /// The conversation-aware answer, stored nowhere: the follow-up made self-contained from <paramref name="history"/>
    /// (oldest first), then answered. The answer keeps the member's words as its question, and notes how Briefer read
    /// them when the rewriting filled something in.
    /// </summary>
    public async Task<FollowUpAnswer> AnswerInContextAsync(ScopeId scope, string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken, ReaderAudience? audience = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var standalone = await rewriter.RewriteAsync(question, history, cancellationToken).ConfigureAwait(false);
        var answer = await briefing.AskAsync(scope, standalone, AnswerContext.From(history.Select(t => t.Citations)), audience ?? ReaderAudience.EveryoneOnly, cancellationToken).ConfigureAwait(false);
        var readAs = string.Equals(standalone, question.Trim(), StringComparison.Ordinal) ? null : $"Read as: {standalone}";
        var note = string.Join(' ', new[] { answer.Note, readAs }.OfType<string>());
        return new FollowUpAnswer(standalone, answer with { Question = question, Note = note.Length > 0 ? note : null });
    }

    /// <summary>A turn of a conversation: the question as asked and as read, and the answer.</summary>
    public static ConversationTurn Turn(string question, string standalone, Answer answer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new ConversationTurn(question, standalone, answer.Text, answer.Abstained, answer.Citations, at);
    }
}
