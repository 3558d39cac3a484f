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
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(CliJson.From(answer)));
        }
        else
        {
            ResultPrinter.Print(context.Output, answer, context.Settings.Scope);
            await PointToDemoWhenEmptyAsync(service, context, answer.DocumentsInScope ?? -1, cancellationToken).ConfigureAwait(false);
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
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(CliJson.From(brief)));
        }
        else
        {
            ResultPrinter.Print(context.Output, brief, context.Settings.Scope, sinceDate);
            await PointToDemoWhenEmptyAsync(service, context, brief.DocumentsInScope ?? -1, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> SourcesAsync(IHost host, VerbContext context, CancellationToken cancellationToken)
    {
        var service = host.Services.GetRequiredService<IBriefingService>();
        var documents = await service.ListSourcesAsync(context.Settings.Scope, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new SourcesJson(context.Settings.Scope.Value, documents.Select(CliJson.From).ToList())));
        }
        else
        {
            ResultPrinter.Print(context.Output, documents, context.Settings.Scope);
            await PointToDemoWhenEmptyAsync(service, context, documents.Count, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> ForgetAsync(IHost host, VerbContext context, string documentId, CancellationToken cancellationToken)
    {
        if (!DocumentId.TryParse(documentId, out var id))
        {
            return context.Fail(ExitCodes.Failed, $"'{documentId}' is not a document id (16 hex characters). List the ids with: {SourceCheckout.Command} sources");
        }

        var removed = await host.Services.GetRequiredService<IBriefingService>().ForgetAsync(context.Settings.Scope, id, cancellationToken).ConfigureAwait(false);
        if (!removed)
        {
            return context.Fail(ExitCodes.Failed, $"No document {id} in scope '{context.Settings.Scope}'. List the ids with: {SourceCheckout.Command} sources --scope {context.Settings.Scope}");
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

    /// <summary>
    /// <c>forget --all</c>: every document of the scope, one at a time through the service (each removal is whole on its
    /// own; an interrupted run leaves the rest, and running it again finishes the job).
    /// </summary>
    public static async Task<int> ForgetAllAsync(IHost host, VerbContext context, CancellationToken cancellationToken)
    {
        var service = host.Services.GetRequiredService<IBriefingService>();
        var scope = context.Settings.Scope;
        var removed = new List<string>();
        foreach (var document in await service.ListSourcesAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            if (await service.ForgetAsync(scope, document.Id, cancellationToken).ConfigureAwait(false))
            {
                removed.Add(document.Id.Value);
            }
        }

        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new ForgetAllJson(scope.Value, removed, removed.Count)));
        }
        else
        {
            context.Output.WriteLine(removed.Count == 0
                ? $"No documents in scope '{scope}'; nothing to forget."
                : $"Forgot {removed.Count} document{(removed.Count == 1 ? string.Empty : "s")} in scope '{scope}'.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// After <c>demo</c>, a newcomer's next <c>ask</c> often lands in the empty <c>local</c> scope: say where the
    /// samples are. <paramref name="documentsInScope"/> is -1 when the scope was not found empty.
    /// </summary>
    private static async Task PointToDemoWhenEmptyAsync(IBriefingService service, VerbContext context, int documentsInScope, CancellationToken cancellationToken)
    {
        if (documentsInScope != 0 || context.Settings.Scope == DemoVerb.Scope)
        {
            return;
        }

        var demo = await service.ListSourcesAsync(DemoVerb.Scope, cancellationToken).ConfigureAwait(false);
        if (demo.Count > 0)
        {
            context.Output.WriteLine($"(The demo's {demo.Count} sample documents are in scope '{DemoVerb.Scope}': add --scope {DemoVerb.Scope} to use them.)");
        }
    }
}
