using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Discord.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Bot.Sources;

/// <summary><c>/sources</c>: the documents this server has loaded. Cheap, so not rate-limited.</summary>
internal sealed class SourcesCommand : IBotCommand
{
    public const string Name = "sources";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "List the documents this server has loaded.", Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new(RateLimited: false);

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new BotWork(BotAck.Defer, async (context, cancellationToken) =>
            new BotReply(AnswerRenderer.Sources(await context.Services.GetRequiredService<IBriefingService>().ListSourcesAsync(request.RequiredScope, cancellationToken).ConfigureAwait(false))));
    }
}
