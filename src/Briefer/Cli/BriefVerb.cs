using System.CommandLine;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;

namespace Briefer.Cli;

/// <summary><c>brief</c>: what the scope's documents say about a topic, in cited bullets, optionally only recent ones.</summary>
internal sealed class BriefVerb(IBriefingService briefing, TimeProvider time) : IVerb
{
    private const string Topic = "topic";
    private const string Since = "--since";

    public static Command Define() => new("brief", "Summarise what the scope's documents say about a topic, in cited bullets.")
    {
        new Argument<string>(Topic) { Description = "The topic, in quotes." },
        new Option<string?>(Since) { Description = "Only documents published since: 7d, 2w, 3m, 1y or a date (2026-01-09)." },
    };

    public async Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        DateOnly? sinceDate = null;
        if (parseResult.GetValue<string?>(Since) is { } since)
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            if (!SinceParser.TryParse(since, today, out var parsed, out var error))
            {
                return context.Fail(ExitCodes.Usage, error!);
            }

            sinceDate = parsed;
        }

        var brief = await briefing.BriefAsync(context.Settings.Scope, parseResult.GetValue<string>(Topic)!, sinceDate, ReaderAudience.Everything, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(CliJson.From(brief)));
        }
        else
        {
            ResultPrinter.Print(context.Output, brief, context.Settings.Scope, sinceDate);
            await DemoVerb.PointToDemoWhenEmptyAsync(briefing, context, brief.DocumentsInScope ?? -1, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
