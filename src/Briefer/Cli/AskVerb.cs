using System.CommandLine;
using Briefer.Core;
using Briefer.Core.Answering;
using Briefer.Core.Documents;

namespace Briefer.Cli;

/// <summary><c>ask</c>: answers a question from the scope's documents, with citations (or says why it cannot).</summary>
internal sealed class AskVerb(IBriefingService briefing, AnswerPathWarmup? warmup = null) : IVerb
{
    private const string Question = "question";

    public static Command Define() => new("ask", "Answer a question from the scope's documents, with citations.")
    {
        new Argument<string>(Question) { Description = "The question, in quotes." },
    };

    public Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);

        // A one-question process: the models load while the store opens and the question is analysed.
        _ = warmup?.Start();
        return AskAsync(context, parseResult.GetValue<string>(Question)!, cancellationToken);
    }

    /// <summary>Asks and prints the answer, as text or JSON; the answer carries its stale marks and empty-scope reason.</summary>
    public async Task<int> AskAsync(VerbContext context, string question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = await briefing.AskAsync(context.Settings.Scope, question, ReaderAudience.Everything, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(CliJson.From(answer)));
        }
        else
        {
            ResultPrinter.Print(context.Output, answer, context.Settings.Scope);
            await DemoVerb.PointToDemoWhenEmptyAsync(briefing, context, answer.DocumentsInScope ?? -1, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
