using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary><c>ask</c>, <c>brief</c>, <c>sources</c> and <c>forget</c>.</summary>
internal static class QueryVerbs
{
    public static async Task<int> AskAsync(IHost host, VerbContext context, string question, CancellationToken cancellationToken)
    {
        var service = host.Services.GetRequiredService<IBriefingService>();
        var answer = await service.AskAsync(context.Settings.Scope, question, cancellationToken).ConfigureAwait(false);
        var sources = answer.Abstained || answer.Citations.Count > 0 ? await service.ListSourcesAsync(context.Settings.Scope, cancellationToken).ConfigureAwait(false) : [];
        var stale = StaleIds(sources);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(CliJson.From(answer, stale)));
        }
        else
        {
            ResultPrinter.Print(context.Output, answer, sources.Count, context.Settings.Scope, stale);
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> BriefAsync(IHost host, VerbContext context, string topic, string? since, CancellationToken cancellationToken)
    {
        DateOnly? sinceDate = null;
        if (since is not null)
        {
            var today = DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            if (!SinceParser.TryParse(since, today, out var parsed, out var error))
            {
                return context.Fail(ExitCodes.Failed, error!);
            }

            sinceDate = parsed;
        }

        var service = host.Services.GetRequiredService<IBriefingService>();
        var brief = await service.BriefAsync(context.Settings.Scope, topic, sinceDate, cancellationToken).ConfigureAwait(false);
        var sources = brief.Abstained || brief.Citations.Count > 0 ? await service.ListSourcesAsync(context.Settings.Scope, cancellationToken).ConfigureAwait(false) : [];
        var stale = StaleIds(sources);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(CliJson.From(brief, stale)));
        }
        else
        {
            ResultPrinter.Print(context.Output, brief, sources.Count, context.Settings.Scope, sinceDate, stale);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Web pages that answered 404/410 at the last sync: their citations say so.</summary>
    private static HashSet<DocumentId> StaleIds(IReadOnlyList<DocumentRecord> sources) => [.. sources.Where(d => d.StaleSince is not null).Select(d => d.Id)];

    public static async Task<int> SourcesAsync(IHost host, VerbContext context, CancellationToken cancellationToken)
    {
        var documents = await host.Services.GetRequiredService<IBriefingService>().ListSourcesAsync(context.Settings.Scope, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new SourcesJson(context.Settings.Scope.Value, documents.Select(CliJson.From).ToList())));
        }
        else
        {
            ResultPrinter.Print(context.Output, documents, context.Settings.Scope);
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> ForgetAsync(IHost host, VerbContext context, string documentId, CancellationToken cancellationToken)
    {
        if (!DocumentId.TryParse(documentId, out var id))
        {
            return context.Fail(ExitCodes.Failed, $"'{documentId}' is not a document id (16 hex characters). List the ids with: briefer sources");
        }

        var removed = await host.Services.GetRequiredService<IBriefingService>().ForgetAsync(context.Settings.Scope, id, cancellationToken).ConfigureAwait(false);
        if (!removed)
        {
            return context.Fail(ExitCodes.Failed, $"No document {id} in scope '{context.Settings.Scope}'. List the ids with: briefer sources --scope {context.Settings.Scope}");
        }

        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new ForgetJson(context.Settings.Scope.Value, id.Value, true)));
        }
        else
        {
            context.Output.WriteLine($"Forgot {id} in scope '{context.Settings.Scope}'.");
        }

        return ExitCodes.Ok;
    }
}
