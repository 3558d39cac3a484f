using System.CommandLine;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Storage;
using Briefer.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Briefer.Cli;

/// <summary>
/// <c>briefer ingest PATH-OR-URL...</c>: files, folders (recursive) and web pages into the scope. With <c>--prune</c>,
/// documents from the folders whose files are gone are removed. A storage failure or Ctrl+C stops the run, and what was
/// committed before it is still reported.
/// </summary>
internal sealed class IngestVerb(IBriefingService service, DocumentLoader loader, WebPageFetcher fetcher) : IVerb
{
    private const string Paths = "paths";
    private const string Prune = "--prune";
    private const string VisibleTo = "--visible-to";

    public static Command Define()
    {
        var visibleTo = new Option<string?>(VisibleTo)
        {
            Description = "Who may read them through the Discord bot: everyone (default), channel:<id>, or role:<id>[,role:<id>…].",
        };
        visibleTo.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !Visibility.TryParse(text, out _, out var error))
            {
                result.AddError(error!);
            }
        });
        return new Command("ingest", "Load documents into the scope; unchanged documents are left as they are.")
        {
            new Argument<string[]>(Paths) { Description = "Files, folders (read recursively) or web addresses (https://…) to load: .txt, .md, .html, .pdf, .docx.", Arity = ArgumentArity.OneOrMore },
            new Option<bool>(Prune) { Description = "Also remove documents loaded from these folders whose files are gone." },
            visibleTo,
        };
    }

    public Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var visibility = parseResult.GetValue<string?>(VisibleTo) is { } text && Visibility.TryParse(text, out var parsed, out _) ? parsed : null;
        return IngestAsync(context, parseResult.GetValue<string[]>(Paths)!, cancellationToken, parseResult.GetValue<bool>(Prune), visibility);
    }

    /// <summary>The verb in <paramref name="host"/>, for callers that hold a host rather than a verb (the lab's port, tests).</summary>
    public static Task<int> RunAsync(IHost host, VerbContext context, IReadOnlyList<string> paths, CancellationToken cancellationToken, bool prune = false, Visibility? visibility = null, Func<string, string>? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        return ActivatorUtilities.CreateInstance<IngestVerb>(host.Services).IngestAsync(context, paths, cancellationToken, prune, visibility, sourceName);
    }

    /// <param name="sourceName">
    /// Names a file's document from its real path; null names it by the real path. The demo names its samples
    /// <c>samples/&lt;file&gt;</c>, so the clone's copy and the installed tool's copy are one document.
    /// </param>
    public async Task<int> IngestAsync(VerbContext context, IReadOnlyList<string> paths, CancellationToken cancellationToken, bool prune = false, Visibility? visibility = null, Func<string, string>? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var maxBytes = loader.Options.MaxDocumentBytes;
        var plan = IngestPlanner.Plan(paths, loader.SupportedExtensions);

        // With --prune, a folder that is gone altogether but held the scope's documents is pruned like an emptied one.
        var goneFolders = prune ? await GoneFoldersAsync(service, context, plan.Missing, cancellationToken).ConfigureAwait(false) : [];
        var planErrors = plan.Errors.Where(e => !goneFolders.ContainsKey(e.Path)).ToList();

        // A folder with nothing to load is bad input (exit 1), unless --prune was asked to clear out what it held.
        var results = new List<IngestedJson>();
        var errors = new List<IngestErrorJson>([.. planErrors, .. prune ? [] : plan.EmptyFolders]);
        var removed = new List<RemovedJson>();
        foreach (var error in errors)
        {
            WriteError(context, error);
        }

        if (prune && !context.Settings.Json)
        {
            foreach (var empty in plan.EmptyFolders)
            {
                context.Output.WriteLine($"empty      {empty.Path} ({empty.Error})");
            }

            foreach (var gone in goneFolders.Keys)
            {
                context.Output.WriteLine($"gone       {gone} (the folder no longer exists; its documents are removed)");
            }
        }

        foreach (var skipped in plan.Skipped)
        {
            if (!context.Settings.Json)
            {
                context.Output.WriteLine($"skipped    {skipped.Path} ({skipped.Reason})");
            }
        }

        async Task IngestOneAsync(IngestItem item)
        {
            try
            {
                var result = item.IsUrl
                    ? await IngestUrlAsync(service, fetcher, context.Settings.Scope, item.Path, cancellationToken, visibility).ConfigureAwait(false)
                    : await IngestFileAsync(service, context.Settings.Scope, item.Path, maxBytes, cancellationToken, visibility, sourceName).ConfigureAwait(false);
                var json = CliJson.From(item.Path, result);
                results.Add(json);
                if (!context.Settings.Json)
                {
                    var pages = result.PageCount is { } n ? $"{n} pages, " : string.Empty;
                    context.Output.WriteLine($"{json.Outcome,-10} {json.DocumentId}  {result.Title}  ({pages}{result.ChunkCount} chunks, {result.TokenCount} tokens, {json.ElapsedMs} ms)");
                }
            }
            catch (Exception ex) when (ex is DocumentRejectedException or IOException or UnauthorizedAccessException)
            {
                var error = new IngestErrorJson(item.Path, ex is DocumentRejectedException ? ex.Message : IngestPlanner.CannotRead("file", ex));
                errors.Add(error);
                WriteError(context, error);
            }
        }

        string? stoppedBy = null;
        var exitCode = ExitCodes.Ok;
        try
        {
            if (!context.Settings.Json && ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected && plan.Items.Count > 1)
            {
                // Lines written while the bar is drawn would tear it: hold them until the bar is done.
                var original = context;
                using var heldOutput = new StringWriter();
                using var heldError = new StringWriter();
                context = context with { Output = heldOutput, Error = heldError };
                try
                {
                    await AnsiConsole.Progress()
                        .AutoClear(true)
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask("Ingesting", maxValue: plan.Items.Count);
                            foreach (var item in plan.Items)
                            {
                                task.Description = Markup.Escape(item.IsUrl ? item.Path : Path.GetFileName(item.Path));
                                await IngestOneAsync(item).ConfigureAwait(false);
                                task.Increment(1);
                            }
                        }).ConfigureAwait(false);
                }
                finally
                {
                    context = original;
                    await context.Output.WriteAsync(heldOutput.ToString()).ConfigureAwait(false);
                    await context.Error.WriteAsync(heldError.ToString()).ConfigureAwait(false);
                }
            }
            else
            {
                foreach (var item in plan.Items)
                {
                    await IngestOneAsync(item).ConfigureAwait(false);
                }
            }

            if (prune)
            {
                removed.AddRange(await PruneAsync(service, context, [.. plan.Folders, .. goneFolders.Values], cancellationToken).ConfigureAwait(false));
            }
        }
        catch (StoreFailureException ex)
        {
            stoppedBy = ex.Message;
            exitCode = ExitCodes.Storage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stoppedBy = "cancelled.";
            exitCode = ExitCodes.Cancelled;
        }

        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new IngestJson(context.Settings.Scope.Value, results, errors, plan.Skipped, removed, stoppedBy)));
        }
        else
        {
            var counts = string.Join(", ", results.GroupBy(r => r.Outcome).Select(g => $"{g.Count()} {g.Key}"));
            var emptyFolders = prune ? 0 : plan.EmptyFolders.Count;
            var total = plan.Items.Count + planErrors.Count + emptyFolders;
            var documents = plan.Items.Count + planErrors.Count;
            var failed = errors.Count - emptyFolders;
            var pruned = removed.Count > 0 ? $"; removed {removed.Count} whose files are gone" : string.Empty;
            if (stoppedBy is not null && results.Count + errors.Count + removed.Count == 0)
            {
                // Nothing was tried before the store refused (a read-only data directory, say): the error says it all.
                context.Error.WriteLine("error: " + stoppedBy);
            }
            else if (stoppedBy is not null)
            {
                context.Error.WriteLine("error: " + stoppedBy);
                context.Output.WriteLine($"Stopped after {results.Count + errors.Count} of {total}: {results.Count} committed to scope '{context.Settings.Scope}'" +
                    (counts.Length > 0 ? $" ({counts})" : string.Empty) + pruned + "; the rest were not loaded.");
            }
            else
            {
                // A folder with nothing to load is said apart: it is not a document that failed.
                context.Output.WriteLine($"Ingested {results.Count} of {documents} documents into scope '{context.Settings.Scope}'" +
                    (counts.Length > 0 ? $" ({counts})" : string.Empty) + pruned + (failed > 0 ? $"; {failed} failed" : string.Empty) +
                    (emptyFolders > 0 ? $"; {emptyFolders} {(emptyFolders == 1 ? "folder" : "folders")} had nothing to load." : "."));
            }
        }

        return stoppedBy is not null ? exitCode : errors.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>
    /// Reads one regular file (capped at the size limit, whatever its reported length) and ingests it under its real
    /// path, or under the name <paramref name="sourceName"/> gives that path.
    /// </summary>
    /// <param name="visibility">Who may read it through the bot; everyone when null.</param>
    public static async Task<IngestResult> IngestFileAsync(IBriefingService service, ScopeId scope, string path, long maxBytes, CancellationToken cancellationToken, Visibility? visibility = null, Func<string, string>? sourceName = null)
    {
        var bytes = await LocalFiles.ReadAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);
        var realPath = LocalFiles.RealPath(path);
        var source = sourceName?.Invoke(realPath) ?? realPath;
        return await service.IngestAsync(scope, new DocumentSource(source, Path.GetFileName(realPath), bytes) { Visibility = visibility ?? Visibility.Everyone, KeepsStoredVisibility = visibility is null }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IngestResult> IngestUrlAsync(IBriefingService service, WebPageFetcher fetcher, ScopeId scope, string url, CancellationToken cancellationToken, Visibility? visibility)
    {
        var fetched = await fetcher.FetchAsync(url, known: null, cancellationToken).ConfigureAwait(false);
        var document = fetched.Document ?? throw new DocumentRejectedException($"the page is not there: the server answered {fetched.StatusCode}. Check the address.");
        return await service.IngestAsync(scope, document with { Visibility = visibility ?? Visibility.Everyone, KeepsStoredVisibility = visibility is null }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The <paramref name="missing"/> paths under which the scope holds documents (a folder deleted since it was
    /// ingested), each with its full path; a store that cannot list them leaves them errors (the run reports the store).
    /// </summary>
    private static async Task<Dictionary<string, string>> GoneFoldersAsync(IBriefingService service, VerbContext context, IReadOnlyList<string> missing, CancellationToken cancellationToken)
    {
        var gone = new Dictionary<string, string>(StringComparer.Ordinal);
        if (missing.Count == 0)
        {
            return gone;
        }

        IReadOnlyList<string> sources;
        try
        {
            sources = [.. (await service.ListSourcesAsync(context.Settings.Scope, cancellationToken).ConfigureAwait(false)).Select(d => d.Source)];
        }
        catch (StoreFailureException)
        {
            return gone;
        }

        foreach (var path in missing)
        {
            var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
            if (full.Length > 0 && sources.Any(s => s.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                gone[path] = full;
            }
        }

        return gone;
    }

    /// <summary>Removes the scope's documents that came from one of <paramref name="folders"/> and whose file no longer exists.</summary>
    private static async Task<List<RemovedJson>> PruneAsync(IBriefingService service, VerbContext context, IReadOnlyList<string> folders, CancellationToken cancellationToken)
    {
        var removed = new List<RemovedJson>();
        if (folders.Count == 0)
        {
            return removed;
        }

        var documents = await service.ListSourcesAsync(context.Settings.Scope, cancellationToken).ConfigureAwait(false);
        foreach (var document in documents.OrderBy(d => d.Source, StringComparer.Ordinal))
        {
            var underFolder = folders.Any(f => document.Source.StartsWith(f.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            if (!underFolder || LocalFiles.KindOf(document.Source, followLinks: true) != LocalFileKind.Missing)
            {
                continue;
            }

            if (await service.ForgetAsync(context.Settings.Scope, document.Id, cancellationToken).ConfigureAwait(false))
            {
                removed.Add(new RemovedJson(document.Id.Value, document.Title, document.Source));
                if (!context.Settings.Json)
                {
                    context.Output.WriteLine($"{"removed",-10} {document.Id}  {document.Title}  ({document.Source} is gone)");
                }
            }
        }

        return removed;
    }

    private static void WriteError(VerbContext context, IngestErrorJson error)
    {
        if (!context.Settings.Json)
        {
            context.Error.WriteLine($"error: {error.Path}: {error.Error}");
        }
    }
}
