using Briefer.AutoAnswers;
using Briefer.Bot.Pipeline;
using Briefer.Core.Conversations;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// Votes on automatic answers, for <c>/insights</c>; a 👍 from the poster on an answer in a forum post applies the
/// forum's Solved tag (once) where it has one.
/// </summary>
internal sealed class AutoAnswerFeedback(AutoAnswerStore store, ForumTags tags, TimeProvider time)
{
    public async Task OnVoteAsync(BotRequest request, AnswerId answerId, bool up, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await store.FindAnswerAsync(request.RequiredScope, answerId.Value, cancellationToken).ConfigureAwait(false) is not { } answer)
        {
            return;
        }

        await store.RecordVoteAsync(answer.AnswerId, request.Asker.StoreId, up, cancellationToken).ConfigureAwait(false);
        if (up && answer.Thread && request.Asker.Id == answer.Asker && request.Guild is { } guild
            && await tags.ApplySolvedAsync(guild, answer.Channel, cancellationToken).ConfigureAwait(false)
            && await store.TryMarkAsync(answer.AnswerId, AutoAnswerMark.Solved, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            await store.RecordEventAsync(request.RequiredScope, AutoAnswerEvent.Solved, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }
}
