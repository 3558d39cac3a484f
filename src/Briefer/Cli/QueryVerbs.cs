using Briefer.Core;
using Briefer.Core.Documents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary><c>forget</c> (one document, or <c>--all</c> of a scope).</summary>
internal static class QueryVerbs
{
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
}
