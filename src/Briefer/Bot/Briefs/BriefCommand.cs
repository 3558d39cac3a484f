using Briefer.Answers;
using Briefer.Audiences;
using Briefer.Bot.Audiences;
using Briefer.Bot.Pipeline;
using Briefer.Core;
using Briefer.Core.Retrieval;
using Briefer.Discord.Models;

namespace Briefer.Bot.Briefs;

/// <summary><c>/brief topic: [since:]</c>: cited bullet points on a topic.</summary>
internal sealed class BriefCommand(TimeProvider time, IBriefingService briefing, AudienceResolver audiences) : IBotCommand
{
    public const string Name = "brief";

    public IReadOnlyList<BotRoute> Routes { get; } = [BotRoute.Slash(Name)];

    public ApplicationCommand Definition { get; } = new(Name, "Cited bullet points on a topic from this server's documents.",
        [
            new(CommandOptionType.String, "topic", "The topic to brief on", Required: true, MinLength: 2, MaxLength: 200),
            new(CommandOptionType.String, "since", "Only documents published since: 7d, 2w, 3m, 1y or a date like 2026-01-09", MaxLength: 20),
        ],
        Contexts: CommandCatalog.GuildOnly);

    public BotPolicy Policy { get; } = new();

    public BotWork Prepare(BotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var topic = request.Option("topic") ?? throw new ArgumentException("Give a topic, e.g. /brief topic: budget");
        DateOnly? since = null;
        if (request.Option("since") is { } sinceText)
        {
            since = SinceParser.TryParse(sinceText, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), out var parsed, out var error) ? parsed : throw new ArgumentException(error);
        }

        return new BotWork(BotAck.Defer, async (context, cancellationToken) =>
            new BotReply(AnswerRenderer.Brief(await briefing.BriefAsync(request.RequiredScope, topic, since, audiences.ForChannel(request), cancellationToken).ConfigureAwait(false))));
    }
}
