using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;

namespace Briefer.Bot.Ask;

/// <summary>
/// The "Ask Briefer" message command: the message's text is the question; the answer is posted in the channel as a
/// reply to that message (or privately to the asker when the bot may not post there).
/// </summary>
internal sealed class AskMessageCommand(IBriefingService briefing, AudienceResolver audiences, AnswerPresenter presenter) : IBotCommand
{
    public const string Name = "Ask Briefer";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.MessageCommand(Name)];

    public ApplicationCommand Definition { get; } = new(Name, string.Empty, Contexts: CommandCatalog.GuildOnly, Type: ApplicationCommandTypes.Message);

    public BotPolicy Policy { get; } = new();

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var question = request.Target?.Content?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            throw new ArgumentException("That message has no text to ask about.");
        }

        // Private until delivered: the answer goes to the channel as a reply to the message, so the deferral stays out of sight.
        return new BotWork(BotAck.DeferEphemeral, async (context, cancellationToken) =>
        {
            var answer = await briefing.AskAsync(request.RequiredScope, question, audiences.ForChannel(request), cancellationToken).ConfigureAwait(false);
            var message = await presenter
                .PresentAsync(request, AnswerKind.Question, question, question, answer, offerFollowUp: true, null, cancellationToken).ConfigureAwait(false);
            return new BotReply(message, BotDelivery.ReplyToTarget);
        });
    }
}
