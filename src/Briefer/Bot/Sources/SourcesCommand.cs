using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Discord.Models;

namespace Briefer.Bot.Sources;

/// <summary><c>/sources</c>: the documents this server has loaded. Cheap, so not rate-limited.</summary>
internal sealed class SourcesCommand(IBriefingService briefing, AudienceResolver audiences) : IBotCommand
{
    public const string Name = "sources";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "List the documents this server has loaded.", Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(RateLimited: false);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new BotWork(BotAck.Defer, async (context, cancellationToken) =>
        {
            // The list is posted in the channel: only documents every reader of the channel may read are named in it.
            var audience = audiences.ForChannel(request);
            var documents = await briefing.ListSourcesAsync(request.RequiredScope, cancellationToken).ConfigureAwait(false);
            return new BotReply(AnswerRenderer.Sources([.. documents.Where(d => audience.CanSee(d.Visibility))], showVisibility: request.Asker.IsAdmin));
        });
    }
}
