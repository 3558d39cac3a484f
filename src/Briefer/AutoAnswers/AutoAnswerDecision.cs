using Briefer.Core.Answering;

namespace Briefer.AutoAnswers;

/// <summary>What the automatic path does with an answer.</summary>
public enum AutoAnswerVerdict
{
    /// <summary>Confident and cited: post it (or, in suggest mode, pass it to the moderators).</summary>
    Post,

    /// <summary>Not covered well enough: stay silent, or hand off to the channel's hand-off role.</summary>
    NotCovered,
}

/// <summary>
/// The one rule the bot and <c>briefer eval autoanswer</c> share: an automatic answer is posted only when the core
/// answered (did not abstain), cites at least one source, and its confidence (the answer model's calibrated estimate of
/// the probability that the answer is right, <see cref="Answer.Confidence"/>) is at or above the automatic threshold.
/// </summary>
public static class AutoAnswerDecision
{
    public static AutoAnswerVerdict Decide(Answer answer, double threshold)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return !answer.Abstained && answer.Citations.Count > 0 && answer.Confidence is { } confidence && confidence >= threshold
            ? AutoAnswerVerdict.Post
            : AutoAnswerVerdict.NotCovered;
    }
}
