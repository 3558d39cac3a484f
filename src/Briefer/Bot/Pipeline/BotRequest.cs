using Briefer.Core.Documents;
using Briefer.Discord.Models;

namespace Briefer.Bot.Pipeline;

/// <summary>How a member reached the bot.</summary>
public enum BotRequestKind
{
    /// <summary>A slash command (<c>/ask</c>).</summary>
    SlashCommand,

    /// <summary>A message command: right-click a message → Apps → …; the message is <see cref="BotRequest.Target"/>.</summary>
    MessageCommand,

    /// <summary>A button on one of the bot's messages; its custom id's arguments are <see cref="BotRequest.Arguments"/>.</summary>
    Button,

    /// <summary>A submitted modal; its fields are <see cref="BotRequest.Fields"/>.</summary>
    Modal,

    /// <summary>A message that mentions the bot, or any message in a DM.</summary>
    Mention,

    /// <summary>A message in a conversation thread that mentions the bot or replies to it.</summary>
    ThreadMessage,

    /// <summary>
    /// A new question in a help or forum channel configured for automatic answers, after its debounce: nobody addressed
    /// the bot, so nothing is acknowledged and a refusal or failure is only logged.
    /// </summary>
    AutoAnswer,
}

/// <summary>What a command answers to: a kind of request and a name (command name, custom id prefix, or a fixed name for messages).</summary>
public sealed record BotRoute(BotRequestKind Kind, string Name)
{
    /// <summary>The route of mentions and DMs.</summary>
    public static BotRoute Mention { get; } = new(BotRequestKind.Mention, "mention");

    /// <summary>The route of messages in conversation threads.</summary>
    public static BotRoute ThreadMessage { get; } = new(BotRequestKind.ThreadMessage, "thread");

    /// <summary>The route of automatic answers.</summary>
    public static BotRoute AutoAnswer { get; } = new(BotRequestKind.AutoAnswer, "autoanswer");

    public static BotRoute Slash(string name) => new(BotRequestKind.SlashCommand, name);

    public static BotRoute MessageCommand(string name) => new(BotRequestKind.MessageCommand, name);

    public static BotRoute Button(string prefix) => new(BotRequestKind.Button, prefix);

    public static BotRoute Modal(string prefix) => new(BotRequestKind.Modal, prefix);
}

/// <summary>Who asked, with what they may do in that channel.</summary>
public sealed record BotAsker(UserId Id, DiscordPermissions? Permissions)
{
    /// <summary>Admin commands need Manage Server (or Administrator).</summary>
    public static DiscordPermissions AdminPermissions => DiscordPermissions.ManageGuild;

    /// <summary>The asker's roles, as the interaction carried them (null for messages, whose author's roles the guild cache may know).</summary>
    public IReadOnlyList<RoleId>? Roles { get; init; }

    public bool IsAdmin => Permissions is { } p && ((p & DiscordPermissions.Administrator) != 0 || (p & AdminPermissions) == AdminPermissions);

    /// <summary>The asker as the conversation store knows them (stored only as a keyed hash).</summary>
    public string StoreId => "discord:" + Id;
}

/// <summary>Where the reply to a request goes.</summary>
public abstract record BotReplyTarget;

/// <summary>An interaction: acknowledged through its callback, answered by editing the original response.</summary>
public sealed record InteractionReplyTarget(InteractionId Id, AppId Application, string Token) : BotReplyTarget
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"interaction {Id}";
}

/// <summary>A message: answered with a reply to it in its channel.</summary>
public sealed record MessageReplyTarget(MessageId Message) : BotReplyTarget;

/// <summary>
/// An automatic answer: posted in the request's channel (a forum post, or a help channel as a reply to
/// <paramref name="Question"/> when <paramref name="Reply"/>), never acknowledged, and silent on refusal or failure.
/// </summary>
public sealed record AutoReplyTarget(MessageId Question, bool Reply) : BotReplyTarget;

/// <summary>
/// Everything the pipeline and a command need to know about one request, whichever way it came in: the kind and
/// route, where it came from (guild, channel, scope), who asked, where the reply goes, and what was sent.
/// </summary>
/// <param name="Scope">The document scope: the guild's, or <c>Discord:DmScope</c> in a DM; null when there is none.</param>
/// <param name="ReceivedAt">The <see cref="TimeProvider.GetTimestamp"/> at which the gateway read the event.</param>
public sealed record BotRequest(
    BotRequestKind Kind,
    string Route,
    GuildId? Guild,
    ChannelId Channel,
    ScopeId? Scope,
    BotAsker Asker,
    BotReplyTarget ReplyTo,
    long ReceivedAt)
{
    /// <summary>The text of a mention or thread message, without the bot's mention.</summary>
    public string? Text { get; init; }

    /// <summary>A command's or component's interaction data.</summary>
    public InteractionData? Data { get; init; }

    /// <summary>The message a button was on, or the message a message command targets.</summary>
    public DiscordMessage? Target { get; init; }

    /// <summary>The parts of a button's or modal's custom id after its prefix, validated by <see cref="CustomIds"/>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>A submitted modal's text inputs by custom id.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The channel, when Discord said what it is (interactions do).</summary>
    public DiscordChannel? ChannelInfo { get; init; }

    /// <summary>The scope, for commands that run only where there is one (the pipeline refuses the others first).</summary>
    public ScopeId RequiredScope => Scope ?? throw new InvalidOperationException("The request has no scope.");

    /// <summary>The subcommand used (<c>add</c> of <c>/digest add</c>), or null.</summary>
    public string? Subcommand => Data?.Subcommand;

    /// <summary>A string option of a slash command (of its subcommand, if one was used), trimmed; null when absent or blank.</summary>
    public string? Option(string name)
    {
        var value = Data?.LeafOptions.FirstOrDefault(o => o.Name == name)?.StringValue?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Never prints the interaction token.</summary>
    public override string ToString() => $"{Kind} {Route} in guild {Guild} channel {Channel} from {Asker.Id} ({ReplyTo})";
}
