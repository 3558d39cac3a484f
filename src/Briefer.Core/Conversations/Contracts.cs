using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Core.Conversations;

/// <summary>
/// The id of a recorded answer: 12 random lowercase hex characters. It travels in buttons' custom ids to find the
/// answer again; it grants nothing (every lookup is confined to the asker's scope) and reveals nothing.
/// </summary>
public readonly partial record struct AnswerId
{
    public AnswerId(string value)
    {
        if (string.IsNullOrEmpty(value) || !Pattern().IsMatch(value))
        {
            throw new ArgumentException($"'{value}' is not an answer id (12 lowercase hex characters).", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public static AnswerId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));

    public static bool TryParse(string? value, out AnswerId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value) || !Pattern().IsMatch(value))
        {
            return false;
        }

        id = new AnswerId(value);
        return true;
    }

    public override string ToString() => Value ?? string.Empty;

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex Pattern();
}

/// <summary>What kind of request produced an answer.</summary>
public enum AnswerKind
{
    /// <summary>A question (a command, a mention, a message command).</summary>
    Question,

    /// <summary>A follow-up in a conversation.</summary>
    FollowUp,

    /// <summary>A statement checked against the documents.</summary>
    Check,
}

/// <summary>An answer as recorded for feedback, the Sources button, follow-ups and insights.</summary>
/// <param name="Question">What the member asked, as typed.</param>
/// <param name="StandaloneQuestion">The question made self-contained (follow-ups), else the question itself.</param>
/// <param name="ConversationKey">The conversation the answer belongs to, when it is a follow-up.</param>
public sealed record AnswerEntry(
    AnswerId Id,
    ScopeId Scope,
    AnswerKind Kind,
    string Question,
    string StandaloneQuestion,
    Answer Answer,
    DateTimeOffset At,
    string? ConversationKey = null)
{
    /// <summary>
    /// Who could read the question where it was asked (for the bot, everyone, or the readers of a private channel);
    /// null when unknown. <c>/insights</c> shows a question's text only to an audience that may read it, and one of
    /// unknown origin only to an audience that reads everything.
    /// </summary>
    public Visibility? AskedIn { get; init; }
}

/// <summary>A member's vote on an answer.</summary>
public enum Vote
{
    Down = -1,
    Up = 1,
}

/// <summary>What a vote did.</summary>
public enum VoteOutcome
{
    /// <summary>The member's first vote on this answer.</summary>
    Recorded,

    /// <summary>The member had voted the other way; the vote was changed.</summary>
    Changed,

    /// <summary>The member had already cast this vote; nothing changed.</summary>
    Unchanged,

    /// <summary>No such answer in this scope (another server's, or expired).</summary>
    UnknownAnswer,
}

/// <summary>One question and answer of a conversation.</summary>
public sealed record ConversationTurn(
    string Question,
    string StandaloneQuestion,
    string AnswerText,
    bool Abstained,
    IReadOnlyList<Citation> Citations,
    DateTimeOffset At);

/// <summary>A conversation: a thread of follow-ups in one scope, identified by an opaque key (the app's thread id).</summary>
public sealed record Conversation(ScopeId Scope, string Key, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ConversationTurn> Turns);

/// <summary>A question that recurs in the insights, with how often and when last.</summary>
/// <param name="Comment">The latest comment left with a down-vote, when any.</param>
public sealed record QuestionCount(string Question, int Count, DateTimeOffset LastAt, string? Comment = null);

/// <summary>What a scope's members asked over a period, and where the documents fell short.</summary>
public sealed record InsightsReport(
    ScopeId Scope,
    DateTimeOffset Since,
    int Asked,
    int Answered,
    int Abstained,
    int Checks,
    int UpVotes,
    int DownVotes,
    IReadOnlyList<QuestionCount> TopUnanswered,
    IReadOnlyList<QuestionCount> TopDownVoted)
{
    /// <summary>Up-votes as a share of all votes; null when nobody voted.</summary>
    public double? UpShare => UpVotes + DownVotes == 0 ? null : (double)UpVotes / (UpVotes + DownVotes);
}

/// <summary>
/// Where answers, votes and conversations are kept (a SQLite file beside the documents, whichever document store is
/// used). Every call is confined to one scope. Askers and voters are stored only as keyed hashes.
/// </summary>
public interface IConversationStore
{
    /// <summary>Records an answer; <paramref name="askerId"/> (e.g. <c>discord:1234</c>) is stored only as a keyed hash.</summary>
    Task RecordAnswerAsync(AnswerEntry entry, string askerId, CancellationToken cancellationToken);

    /// <summary>The answer with this id in this scope; null when unknown there (another scope's answers are never returned).</summary>
    Task<AnswerEntry?> GetAnswerAsync(ScopeId scope, AnswerId id, CancellationToken cancellationToken);

    /// <summary>Sets a member's vote on an answer: one vote per member and answer, which they can change.</summary>
    Task<VoteOutcome> VoteAsync(ScopeId scope, AnswerId id, string voterId, Vote vote, CancellationToken cancellationToken);

    /// <summary>Adds what a member said was wrong to their vote (a down-vote is cast if they had none); false when the answer is unknown.</summary>
    Task<bool> CommentAsync(ScopeId scope, AnswerId id, string voterId, string comment, CancellationToken cancellationToken);

    /// <summary>The conversation with this key, with at most the newest <c>Conversations:MaxTurns</c> turns; null when none or expired.</summary>
    Task<Conversation?> GetConversationAsync(ScopeId scope, string key, CancellationToken cancellationToken);

    /// <summary>Starts a conversation from its first turn; false when one with this key already exists.</summary>
    Task<bool> StartConversationAsync(ScopeId scope, string key, ConversationTurn first, CancellationToken cancellationToken);

    /// <summary>Appends a turn to a conversation.</summary>
    Task AppendTurnAsync(ScopeId scope, string key, ConversationTurn turn, CancellationToken cancellationToken);

    /// <summary>
    /// Questions, answers, abstentions and votes since <paramref name="since"/>, with the top <paramref name="top"/> gaps.
    /// The counts are the scope's; the questions listed (and comments with them) are only those
    /// <paramref name="audience"/> may read where they were asked (<see cref="AnswerEntry.AskedIn"/>).
    /// </summary>
    Task<InsightsReport> GetInsightsAsync(ScopeId scope, DateTimeOffset since, int top, ReaderAudience audience, CancellationToken cancellationToken);

    /// <summary>
    /// Opens the store (creating it on first use) and reads from it: the bot's start-up check and health probe, since
    /// every answer is recorded here before it is shown.
    /// </summary>
    /// <exception cref="Storage.StoreFailureException">The store cannot be opened or read; the message says why and what to do.</exception>
    Task CheckAsync(CancellationToken cancellationToken);
}
