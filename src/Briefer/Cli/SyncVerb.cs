using Briefer.Core.Documents;
using Briefer.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary><c>briefer sync</c>: re-fetches the scope's web pages (or every scope's, with <c>--all-scopes</c>).</summary>
internal static class SyncVerb
{
    public static async Task<int> RunAsync(IHost host, VerbContext context, bool allScopes, CancellationToken cancellationToken)
    {
        var synchronizer = host.Services.GetRequiredService<SourceSynchronizer>();
        var items = await synchronizer.SyncAsync(allScopes ? null : context.Settings.Scope, cancellationToken).ConfigureAwait(false);
        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new SyncJson([.. items.Select(i =>
                new SyncItemJson(i.Scope.Value, i.DocumentId.Value, i.Title, i.Source, Name(i.Outcome), i.Detail))])));
        }
        else
        {
            foreach (var item in items)
            {
                var detail = item.Detail is null ? string.Empty : $" — {item.Detail}";
                context.Output.WriteLine($"{Name(item.Outcome),-10} {item.DocumentId}  {item.Source}{detail}");
            }

            var where = allScopes ? "all scopes" : $"scope '{context.Settings.Scope}'";
            context.Output.WriteLine(items.Count == 0
                ? $"No web pages to sync in {where}. Load one with: briefer ingest https://…"
                : $"Synced {items.Count} web page{(items.Count == 1 ? string.Empty : "s")} in {where}: " +
                  string.Join(", ", items.GroupBy(i => i.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Name(g.Key)}")) + ".");
        }

        return items.Any(i => i.Outcome == SyncOutcome.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static string Name(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Unchanged => "unchanged",
        SyncOutcome.Updated => "updated",
        SyncOutcome.Stale => "stale",
        SyncOutcome.Removed => "removed",
        _ => "failed",
    };
}
