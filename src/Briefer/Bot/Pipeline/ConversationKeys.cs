using Briefer.Discord.Models;

namespace Briefer.Bot.Pipeline;

/// <summary>How the bot names its conversations in the (Discord-agnostic) conversation store: one per thread.</summary>
public static class ConversationKeys
{
    public static string ForThread(ChannelId thread) => "discord-thread:" + thread;
}
