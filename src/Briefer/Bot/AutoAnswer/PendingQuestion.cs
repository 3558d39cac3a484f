using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.Bot.AutoAnswer;

/// <summary>
/// A new question waiting out its debounce: a forum post (title, starter message and the poster's follow-ups) or a
/// help-channel question (the asker's messages in the window), and whether a moderator has replied meanwhile.
/// </summary>
internal sealed class PendingQuestion(string key, GuildId guild, ScopeId scope, ChannelId channel, bool isPost, MessageId? firstMessage) : IDisposable
{
    private readonly List<string> _texts = [];
    private readonly Lock _gate = new();

    /// <summary><c>post:{thread}</c> or <c>msg:{channel}:{asker}</c>: at most one automatic answer per key.</summary>
    public string Key { get; } = key;

    public GuildId Guild { get; } = guild;

    public ScopeId Scope { get; } = scope;

    /// <summary>Where the answer goes: the forum post (thread), or the help channel.</summary>
    public ChannelId Channel { get; } = channel;

    public bool IsPost { get; } = isPost;

    /// <summary>The post's forum, once THREAD_CREATE said it (or the help channel itself).</summary>
    public ChannelId? Parent { get; set; }

    public UserId? Asker { get; set; }

    public string? Title { get; set; }

    /// <summary>The message a help-channel answer replies to (the question's first message); a post's starter message.</summary>
    public MessageId? FirstMessage { get; set; } = firstMessage;

    /// <summary>A moderator (Manage Messages, or the hand-off role) replied first: Briefer stays out of it.</summary>
    public bool Silenced { get; set; }

    public ITimer? Timer { get; set; }

    public void Add(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        lock (_gate)
        {
            _texts.Add(text.Trim());
        }
    }

    /// <summary>The question as Briefer asks it: the post's title, then every message, in order.</summary>
    public string Question
    {
        get
        {
            lock (_gate)
            {
                var parts = Title is { Length: > 0 } title && !_texts.Any(t => t.Contains(title, StringComparison.OrdinalIgnoreCase)) ? [title, .. _texts] : _texts;
                return string.Join('\n', parts);
            }
        }
    }

    public void Dispose() => Timer?.Dispose();
}
