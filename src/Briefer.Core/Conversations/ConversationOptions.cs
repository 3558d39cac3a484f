using System.ComponentModel.DataAnnotations;

namespace Briefer.Core.Conversations;

/// <summary>Settings of conversations, feedback and insights (section <c>Conversations</c>).</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversations";

    /// <summary>The most turns a conversation holds; past it the member is asked to start a new one.</summary>
    [Range(2, 200)]
    public int MaxTurns { get; set; } = 20;

    /// <summary>How many earlier turns a follow-up is made self-contained from.</summary>
    [Range(1, 20)]
    public int HistoryTurns { get; set; } = 4;

    /// <summary>A conversation idle for longer than this is over (its thread stays, follow-ups start afresh).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long answers, votes and conversations are kept before they are deleted.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);
}
