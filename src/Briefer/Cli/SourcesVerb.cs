using System.CommandLine;
using Briefer.Core;

namespace Briefer.Cli;

/// <summary><c>sources</c>: the documents loaded in the scope.</summary>
internal sealed class SourcesVerb(IBriefingService briefing) : IVerb
{
    public static Command Define() => new("sources", "List the documents loaded in the scope.");

    public async Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var documents = await briefing.ListSourcesAsync(context.Settings.Scope, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new SourcesJson(context.Settings.Scope.Value, documents.Select(CliJson.From).ToList())));
        }
        else
        {
            ResultPrinter.Print(context.Output, documents, context.Settings.Scope);
            await DemoVerb.PointToDemoWhenEmptyAsync(briefing, context, documents.Count, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
