using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core.Answering;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;

namespace Briefer.Bot;

/// <summary>
/// Turns an answer into the message members see: the answer embed (<see cref="AnswerRenderer"/>) and a row of
/// buttons — 👍, 👎, Sources (when it cites any) and, outside threads, Follow up. The answer is recorded first, so the
/// buttons can find it again by its id (the only thing their custom ids carry).
/// </summary>
internal sealed class AnswerPresenter(IConversationStore store, AudienceResolver audiences, TimeProvider time)
{
    /// <summary>The prefixes of the answer card's buttons and of the feedback form.</summary>
    public const string VotePrefix = "fb";
    public const string CommentPrefix = "fbm";
    public const string SourcesPrefix = "src";
    public const string FollowUpPrefix = "fu";

    public async Task<MessageParams> PresentAsync(
        BotRequest request,
        AnswerKind kind,
        string question,
        string standaloneQuestion,
        Answer answer,
        bool offerFollowUp,
        string? conversationKey,
        CancellationToken cancellationToken,
        AnswerId? id = null,
        Component? extraButton = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        var answerId = id ?? AnswerId.New();
        var entry = new AnswerEntry(answerId, request.RequiredScope, kind, question, standaloneQuestion, answer, time.GetUtcNow(), conversationKey) { AskedIn = audiences.WhereAsked(request) };
        await store.RecordAnswerAsync(entry, request.Asker.StoreId, cancellationToken).ConfigureAwait(false);
        return AnswerRenderer.Answer(answer) with { Components = [Buttons(answerId, answer.Citations.Count > 0, offerFollowUp, extraButton)] };
    }

    /// <summary>The answer card's row of buttons (with <paramref name="extra"/> last: an automatic answer's "Still need help?").</summary>
    public static Component Buttons(AnswerId id, bool sources, bool followUp, Component? extra = null)
    {
        var buttons = new List<Component>
        {
            Component.Button(CustomIds.Create(VotePrefix, "up", id.Value), "Helpful", ButtonStyle.Secondary, "👍"),
            Component.Button(CustomIds.Create(VotePrefix, "down", id.Value), "Not helpful", ButtonStyle.Secondary, "👎"),
        };
        if (sources)
        {
            buttons.Add(Component.Button(CustomIds.Create(SourcesPrefix, id.Value), "Sources", ButtonStyle.Secondary, "📄"));
        }

        if (followUp)
        {
            buttons.Add(Component.Button(CustomIds.Create(FollowUpPrefix, id.Value), "Follow up", ButtonStyle.Primary, "🧵"));
        }

        if (extra is not null)
        {
            buttons.Add(extra);
        }

        return Component.Row([.. buttons]);
    }

    /// <summary>Reads the answer id a button or form carries; throws the "no longer works" refusal when it is not one.</summary>
    public static AnswerId AnswerIdFrom(BotRequest request, int index)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Arguments.Count > index && AnswerId.TryParse(request.Arguments[index], out var id)
            ? id
            : throw new ArgumentException(InteractionRouter.StaleComponent);
    }

    /// <summary>What a member is told when a button names an answer this server does not have.</summary>
    public const string UnknownAnswer = "That answer is not from this server, or it is too old. Ask again to get a fresh one.";
}
