using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.AutoAnswers;

/// <summary>What Briefer does with a question it can answer in a configured channel.</summary>
public enum AutoAnswerMode
{
    /// <summary>Posts the answer in the forum post, or as a reply to the question.</summary>
    Answer,

    /// <summary>Sends the answer to the review channel for a human to pass on; posts nothing where the question was asked.</summary>
    Suggest,
}

/// <summary>A help or forum channel configured for automatic answers.</summary>
/// <param name="HandoffRole">The role pinged (once) when the documents do not cover a question; null: stay silent.</param>
/// <param name="MinConfidence">The channel's own automatic threshold; null: <c>AutoAnswer:MinConfidence</c>.</param>
/// <param name="ReviewChannel">Suggest mode: where suggested answers go.</param>
public sealed record AutoAnswerChannel(
    ScopeId Scope,
    ChannelId Channel,
    AutoAnswerMode Mode,
    RoleId? HandoffRole,
    double? MinConfidence,
    ChannelId? ReviewChannel,
    DateTimeOffset CreatedAt,
    UserId? CreatedBy)
{
    /// <summary>
    /// The configuration an <c>add</c> stores: every setting it names, and for the rest what <paramref name="existing"/>
    /// had (a channel set up again keeps what the command does not name), else the defaults.
    /// </summary>
    public static AutoAnswerChannel Configure(
        AutoAnswerChannel? existing, ScopeId scope, ChannelId channel, AutoAnswerMode? mode, RoleId? handoffRole, double? minConfidence, ChannelId? reviewChannel, DateTimeOffset now, UserId? by) =>
        new(
            scope,
            channel,
            mode ?? existing?.Mode ?? AutoAnswerMode.Answer,
            handoffRole ?? existing?.HandoffRole,
            minConfidence ?? existing?.MinConfidence,
            reviewChannel ?? existing?.ReviewChannel,
            existing?.CreatedAt ?? now,
            existing is null ? by : existing.CreatedBy);

    /// <summary>Whether suggest mode would post in public: its review channel is the help channel itself.</summary>
    public bool ReviewsInItsOwnChannel => Mode == AutoAnswerMode.Suggest && ReviewChannel == Channel;
}

/// <summary>An automatic answer as posted, for its buttons: where it is, whose question it answered.</summary>
/// <param name="Thread">Posted in a forum post (a thread): its tags can be set.</param>
public sealed record AutoAnswerRecord(string AnswerId, ScopeId Scope, ChannelId Channel, bool Thread, UserId Asker, RoleId? HandoffRole, DateTimeOffset PostedAt);

/// <summary>The automatic-answer figures of one server over a period, for <c>/insights</c>.</summary>
public sealed record AutoAnswerInsights(int Posted, int HandOffs, int Suggested, int UpVotes, int DownVotes, int SolvedTags, int StillNeedHelp);

/// <summary>What is counted for <c>/insights</c>.</summary>
public enum AutoAnswerEvent
{
    Posted,
    HandOff,
    Suggested,
    Solved,
    StillNeedHelp,
}
