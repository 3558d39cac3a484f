using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Conversations;
using Briefer.Discord.Models;

namespace Briefer.Bot.Ask;

/// <summary><c>/ask</c> and mentions (and DMs, from <c>Discord:DmScope</c>): a cited answer from the server's documents.</summary>
internal sealed class AskCommand(IBriefingService briefing, AudienceResolver audiences, AnswerPresenter presenter) : IBotCommand
{
    public const string Name = "ask";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name), BotRoute.Mention];

    public ApplicationCommand Definition { get; } = new(Name, "Ask a question; the answer cites this server's documents.",
        [new(CommandOptionType.String, "question", "What do you want to know?", Required: true, MinLength: 3, MaxLength: 500)],
        Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(AllowInDms: true);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var question = request.Kind == BotRequestKind.Mention ? request.Text : request.Option("question");
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new ArgumentException(request.Kind == BotRequestKind.Mention
                ? "Ask me a question after the mention, e.g. @Briefer what did the report conclude?"
                : "Ask a question, e.g. /ask question: What did the report conclude?");
        }

        return new BotWork(BotAck.Defer, async (context, cancellationToken) =>
        {
            var answer = await briefing.AskAsync(request.RequiredScope, question, audiences.ForChannel(request), cancellationToken).ConfigureAwait(false);
            var message = await presenter
                .PresentAsync(request, AnswerKind.Question, question, question, answer, offerFollowUp: request.Guild is not null, null, cancellationToken).ConfigureAwait(false);
            return new BotReply(message);
        });
    }
}
