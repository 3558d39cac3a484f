using System.CommandLine;
using Briefer.Core.Documents;
using Briefer.Sources;

namespace Briefer.Cli;

/// <summary><c>briefer sync</c>: re-fetches the scope's web pages (or every scope's, with <c>--all-scopes</c>).</summary>
internal sealed class SyncVerb(SourceSynchronizer synchronizer) : IVerb
{
    private const string AllScopes = "--all-scopes";

    public static Command Define() => new("sync", "Re-fetch the scope's web pages: changed ones are re-ingested, gone ones marked stale, then removed after the grace period.")
    {
        new Option<bool>(AllScopes) { Description = "Sync the web pages of every scope, not only --scope." },
    };

    public async Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var allScopes = parseResult.GetValue<bool>(AllScopes);
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
            var scopeOption = allScopes || context.Settings.Scope == ScopeId.Local ? string.Empty : $" --scope {context.Settings.Scope}";
            context.Output.WriteLine(items.Count == 0
                ? $"No web pages to sync in {(allScopes ? "any scope" : where)}. Load one with: {SourceCheckout.Command} ingest https://…{scopeOption}"
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
