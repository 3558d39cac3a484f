using System.CommandLine;
using System.CommandLine.Parsing;
using Briefer.Core;
using Briefer.Core.Documents;

namespace Briefer.Cli;

/// <summary><c>forget</c> (one document, or <c>--all</c> of a scope).</summary>
internal sealed class ForgetVerb(IBriefingService service) : IVerb
{
    private const string DocumentIdArgument = "document-id";
    private const string All = "--all";

    public static Command Define()
    {
        var documentId = new Argument<string?>(DocumentIdArgument) { Description = "The id shown by 'sources'.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>(All) { Description = "Remove every document of the scope (needs --scope, so a whole scope is never emptied by accident)." };
        var forget = new Command("forget", "Remove a document, or with --all every document of a scope, and their chunks.") { documentId, all };
        forget.Validators.Add(result =>
        {
            var hasId = result.GetValue(documentId) is { Length: > 0 };
            if (result.GetValue(all) == hasId)
            {
                result.AddError(hasId
                    ? "Give a document id or --all, not both."
                    : "Name the document to forget (its id, from 'sources'), or use --all --scope <id> to empty a scope.");
            }
            else if (!hasId && result.GetResult(BrieferCommandLine.ScopeOption) is null or OptionResult { Implicit: true })
            {
                result.AddError("--all empties a whole scope: name it with --scope (for example --scope demo, or --scope local for your own documents).");
            }
        });
        return forget;
    }

    public Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetValue<bool>(All)
            ? ForgetAllAsync(context, cancellationToken)
            : ForgetAsync(context, parseResult.GetValue<string?>(DocumentIdArgument)!, cancellationToken);
    }

    private async Task<int> ForgetAsync(VerbContext context, string documentId, CancellationToken cancellationToken)
    {
        if (!DocumentId.TryParse(documentId, out var id))
        {
            return context.Fail(ExitCodes.Failed, $"'{documentId}' is not a document id (16 hex characters). List the ids with: {SourceCheckout.Command} sources");
        }

        var removed = await service.ForgetAsync(context.Settings.Scope, id, cancellationToken).ConfigureAwait(false);
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
    private async Task<int> ForgetAllAsync(VerbContext context, CancellationToken cancellationToken)
    {
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
