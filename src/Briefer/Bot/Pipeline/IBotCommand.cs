using Briefer.Answers;
using Briefer.Discord.Models;

namespace Briefer.Bot.Pipeline;

/// <summary>
/// What the pipeline enforces for a command before it runs: who may use it, whether it counts against the per-user
/// rate limit, and whether its acknowledgement (and so its reply) is visible to the asker only.
/// </summary>
/// <param name="AllowInDms">Whether it may run in a DM (from <c>Discord:DmScope</c>); otherwise DMs are told to use a server.</param>
public sealed record BotPolicy(bool AdminOnly = false, bool RateLimited = true, bool Ephemeral = false, bool AllowInDms = false);

/// <summary>The first response to an interaction: a deferral (the reply follows), or a modal (which must come first).</summary>
/// <param name="Ephemeral">Overrides the policy's visibility for this deferral.</param>
public sealed record BotAck(ModalData? Modal = null, bool? Ephemeral = null)
{
    public static BotAck Defer { get; } = new();

    public static BotAck DeferEphemeral { get; } = new(Ephemeral: true);

    public static BotAck ShowModal(ModalData modal) => new(Modal: modal);
}

/// <summary>How a reply is delivered.</summary>
public enum BotDelivery
{
    /// <summary>Edit the interaction's original response; for a message, reply to it.</summary>
    Respond,

    /// <summary>
    /// Reply in the channel to the message a message command targeted (and remove the private "thinking…"); when the
    /// bot may not post there, the reply goes to the asker privately instead.
    /// </summary>
    ReplyToTarget,

    /// <summary>The command delivered everything itself.</summary>
    Done,
}

/// <summary>What a command produced.</summary>
public sealed record BotReply(MessageParams Message, BotDelivery Delivery = BotDelivery.Respond)
{
    public static BotReply Done { get; } = new(new MessageParams(), BotDelivery.Done);

    public static BotReply Text(string text) => new(AnswerRenderer.Text(text));
}

/// <summary>The services of the request's DI scope, with the request.</summary>
public sealed record BotContext(BotRequest Request, IServiceProvider Services);

/// <summary>A prepared command: its acknowledgement, and the slow part that runs on a worker.</summary>
public sealed record BotWork(BotAck Ack, Func<BotContext, CancellationToken, Task<BotReply>> Run);

/// <summary>
/// One way the bot does something, in its feature folder: the routes it answers to, its Discord definition (slash or
/// message command) when it has one, and its policy. Registered with <c>AddBotCommand&lt;T&gt;()</c>; command
/// registration, permission checks and rate-limit exemptions all read these declarations.
/// </summary>
public interface IBotCommand
{
    IReadOnlyList<BotRoute> Routes { get; }

    /// <summary>The command registered with Discord, or null for buttons, modals and message handlers.</summary>
    ApplicationCommand? Definition => null;

    BotPolicy Policy { get; }

    /// <summary>
    /// Reads and checks the request at once, before the acknowledgement, and returns the work to queue.
    /// </summary>
    /// <exception cref="ArgumentException">The request is unusable; the message is shown to the asker at once.</exception>
    BotWork Prepare(BotRequest request);
}

/// <summary>A command that suggests option values as the member types.</summary>
public interface IBotAutocomplete
{
    Task<IReadOnlyList<CommandChoice>> SuggestAsync(BotRequest request, string typed, IServiceProvider services, CancellationToken cancellationToken);
}
