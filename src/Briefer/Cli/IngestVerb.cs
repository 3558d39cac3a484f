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
internal static class IngestVerb
{
    public static async Task<int> RunAsync(IHost host, VerbContext context, IReadOnlyList<string> paths, CancellationToken cancellationToken, bool prune = false)
    {
        var service = host.Services.GetRequiredService<IBriefingService>();
        var loader = host.Services.GetRequiredService<DocumentLoader>();
        var fetcher = host.Services.GetRequiredService<WebPageFetcher>();
        var maxBytes = loader.Options.MaxDocumentBytes;
        var plan = Plan(paths, loader.SupportedExtensions);

        var results = new List<IngestedJson>();
        var errors = new List<IngestErrorJson>(plan.Errors);
        var removed = new List<RemovedJson>();
        foreach (var error in plan.Errors)
        {
            WriteError(context, error);
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
                    ? await IngestUrlAsync(service, fetcher, context.Settings.Scope, item.Path, cancellationToken).ConfigureAwait(false)
                    : await IngestFileAsync(service, context.Settings.Scope, item.Path, maxBytes, cancellationToken).ConfigureAwait(false);
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
                var error = new IngestErrorJson(item.Path, ex is DocumentRejectedException ? ex.Message : $"cannot read the file: {ex.Message}");
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
                removed.AddRange(await PruneAsync(service, context, plan.Folders, cancellationToken).ConfigureAwait(false));
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
            var total = plan.Items.Count + plan.Errors.Count;
            var pruned = removed.Count > 0 ? $"; removed {removed.Count} whose files are gone" : string.Empty;
            if (stoppedBy is not null)
            {
                context.Error.WriteLine("error: " + stoppedBy);
                context.Output.WriteLine($"Stopped after {results.Count + errors.Count} of {total}: {results.Count} committed to scope '{context.Settings.Scope}'" +
                    (counts.Length > 0 ? $" ({counts})" : string.Empty) + pruned + "; the rest were not loaded.");
            }
            else
            {
                context.Output.WriteLine($"Ingested {results.Count} of {total} documents into scope '{context.Settings.Scope}'" +
                    (counts.Length > 0 ? $" ({counts})" : string.Empty) + pruned + (errors.Count > 0 ? $"; {errors.Count} failed." : "."));
            }
        }

        return stoppedBy is not null ? exitCode : errors.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Reads one regular file (capped at the size limit, whatever its reported length) and ingests it under its real path.</summary>
    public static async Task<IngestResult> IngestFileAsync(IBriefingService service, ScopeId scope, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var bytes = await LocalFiles.ReadAsync(path, maxBytes, cancellationToken).ConfigureAwait(false);
        var realPath = LocalFiles.RealPath(path);
        return await service.IngestAsync(scope, new DocumentSource(realPath, Path.GetFileName(realPath), bytes), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IngestResult> IngestUrlAsync(IBriefingService service, WebPageFetcher fetcher, ScopeId scope, string url, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.FetchAsync(url, known: null, cancellationToken).ConfigureAwait(false);
        var document = fetched.Document ?? throw new DocumentRejectedException($"the page is not there: the server answered {fetched.StatusCode}. Check the address.");
        return await service.IngestAsync(scope, document, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Expands the arguments: web addresses and files named on the command line are always tried (so an unsupported
    /// one gets its error); folders are walked recursively for supported regular files, skipping hidden entries and
    /// listing symbolic links, special files and unsupported types as skipped, each with its reason.
    /// </summary>
    internal static IngestPlan Plan(IReadOnlyList<string> paths, IReadOnlyList<string> supportedExtensions)
    {
        var items = new List<IngestItem>();
        var skipped = new List<SkippedJson>();
        var errors = new List<IngestErrorJson>();
        var folders = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (WebPageFetcher.IsWebAddress(path))
            {
                if (seen.Add(path))
                {
                    items.Add(new IngestItem(path, IsUrl: true));
                }
            }
            else if (Directory.Exists(path))
            {
                folders.Add(LocalFiles.RealPath(path));
                Walk(path, path);
            }
            else if (File.Exists(path) || LocalFiles.KindOf(path, followLinks: true) != LocalFileKind.Missing)
            {
                if (seen.Add(LocalFiles.RealPath(path)))
                {
                    items.Add(new IngestItem(path, IsUrl: false));
                }
            }
            else
            {
                errors.Add(new IngestErrorJson(path, "no such file or folder. Check the path (web addresses start with http:// or https://)."));
            }
        }

        return new IngestPlan(items, skipped, errors, folders);

        void Walk(string root, string folder)
        {
            var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options).OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                if (entry.LinkTarget is not null)
                {
                    // Not followed: a link back up the tree would loop, and a linked copy would be a duplicate.
                    skipped.Add(new SkippedJson(entry.FullName, "a symbolic link, not followed; ingest its target directly if you want it"));
                }
                else if (entry is DirectoryInfo)
                {
                    Walk(root, entry.FullName);
                }
                else if (LocalFiles.KindOf(entry.FullName, followLinks: false) != LocalFileKind.Regular)
                {
                    skipped.Add(new SkippedJson(entry.FullName, "not a regular file: a device, pipe or socket, never opened"));
                }
                else if (!supportedExtensions.Contains(entry.Extension.ToLowerInvariant()))
                {
                    skipped.Add(new SkippedJson(entry.FullName, $"not a supported type: {string.Join(", ", supportedExtensions)}"));
                }
                else if (seen.Add(LocalFiles.RealPath(entry.FullName)))
                {
                    items.Add(new IngestItem(entry.FullName, IsUrl: false));
                }
            }
        }
    }
}

/// <summary>One thing to ingest: a file path or a web address.</summary>
internal sealed record IngestItem(string Path, bool IsUrl);

/// <summary>What an ingest will read, skip, and could not find; the folders walked (real paths) for --prune.</summary>
internal sealed record IngestPlan(IReadOnlyList<IngestItem> Items, IReadOnlyList<SkippedJson> Skipped, IReadOnlyList<IngestErrorJson> Errors, IReadOnlyList<string> Folders);
