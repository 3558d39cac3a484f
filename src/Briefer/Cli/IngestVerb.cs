using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Briefer.Cli;

/// <summary><c>briefer ingest PATH...</c>: files and folders (recursive) into the scope.</summary>
internal static class IngestVerb
{
    public static async Task<int> RunAsync(IHost host, VerbContext context, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var service = host.Services.GetRequiredService<IBriefingService>();
        var loader = host.Services.GetRequiredService<DocumentLoader>();
        var maxBytes = host.Services.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxDocumentBytes;
        var plan = Plan(paths, loader.SupportedExtensions);

        var results = new List<IngestedJson>();
        var errors = new List<IngestErrorJson>(plan.Errors);
        foreach (var error in plan.Errors)
        {
            WriteError(context, error);
        }

        foreach (var skipped in plan.Skipped)
        {
            if (!context.Settings.Json)
            {
                context.Output.WriteLine($"skipped    {skipped} (not a supported type: {string.Join(", ", loader.SupportedExtensions)})");
            }
        }

        async Task IngestOneAsync(string path)
        {
            try
            {
                var result = await IngestFileAsync(service, context.Settings.Scope, path, maxBytes, cancellationToken).ConfigureAwait(false);
                var json = CliJson.From(path, result);
                results.Add(json);
                if (!context.Settings.Json)
                {
                    context.Output.WriteLine($"{json.Outcome,-10} {json.DocumentId}  {result.Title}  ({result.ChunkCount} chunks, {result.TokenCount} tokens, {json.ElapsedMs} ms)");
                }
            }
            catch (Exception ex) when (ex is DocumentRejectedException or IOException or UnauthorizedAccessException)
            {
                var error = new IngestErrorJson(path, ex is DocumentRejectedException ? ex.Message : $"cannot read the file: {ex.Message}");
                errors.Add(error);
                WriteError(context, error);
            }
        }

        if (!context.Settings.Json && ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected && plan.Files.Count > 1)
        {
            // Lines written while the bar is drawn would tear it: hold them until the bar is done.
            var output = context.Output;
            var error = context.Error;
            using var heldOutput = new StringWriter();
            using var heldError = new StringWriter();
            context = context with { Output = heldOutput, Error = heldError };
            await AnsiConsole.Progress()
                .AutoClear(true)
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Ingesting", maxValue: plan.Files.Count);
                    foreach (var path in plan.Files)
                    {
                        task.Description = Markup.Escape(Path.GetFileName(path));
                        await IngestOneAsync(path).ConfigureAwait(false);
                        task.Increment(1);
                    }
                }).ConfigureAwait(false);
            await output.WriteAsync(heldOutput.ToString()).ConfigureAwait(false);
            await error.WriteAsync(heldError.ToString()).ConfigureAwait(false);
            context = context with { Output = output, Error = error };
        }
        else
        {
            foreach (var path in plan.Files)
            {
                await IngestOneAsync(path).ConfigureAwait(false);
            }
        }

        if (context.Settings.Json)
        {
            context.Output.WriteLine(CliJson.Serialize(new IngestJson(context.Settings.Scope.Value, results, errors, plan.Skipped)));
        }
        else
        {
            var counts = string.Join(", ", results.GroupBy(r => r.Outcome).Select(g => $"{g.Count()} {g.Key}"));
            context.Output.WriteLine($"Ingested {results.Count} of {results.Count + errors.Count} documents into scope '{context.Settings.Scope}'" +
                (counts.Length > 0 ? $" ({counts})" : string.Empty) + (errors.Count > 0 ? $"; {errors.Count} failed." : "."));
        }

        return errors.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    /// <summary>Reads one file (after checking its size, so a huge file is never read into memory) and ingests it.</summary>
    public static async Task<IngestResult> IngestFileAsync(IBriefingService service, ScopeId scope, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (info.Length > maxBytes)
        {
            throw new DocumentRejectedException(
                $"{info.Name} is {ByteSize.Format(info.Length)}, over the {ByteSize.Format(maxBytes)} limit. Split the document, or raise Ingestion:MaxDocumentBytes.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return await service.IngestAsync(scope, new DocumentSource(info.FullName, info.Name, bytes), cancellationToken).ConfigureAwait(false);
    }

    private static void WriteError(VerbContext context, IngestErrorJson error)
    {
        if (!context.Settings.Json)
        {
            context.Error.WriteLine($"error: {error.Path}: {error.Error}");
        }
    }

    /// <summary>
    /// Expands the paths: files named on the command line are always tried (so an unsupported one gets its error);
    /// folders are walked recursively for supported files, skipping hidden files and folders.
    /// </summary>
    internal static IngestPlan Plan(IReadOnlyList<string> paths, IReadOnlyList<string> supportedExtensions)
    {
        var files = new List<string>();
        var skipped = new List<string>();
        var errors = new List<IngestErrorJson>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else if (Directory.Exists(path))
            {
                // Symbolic links are not followed: a link back up the tree would loop, and a linked copy would be a duplicate.
                var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint, IgnoreInaccessible = true };
                foreach (var file in Directory.EnumerateFiles(path, "*", options).Order(StringComparer.Ordinal))
                {
                    if (Path.GetRelativePath(path, file).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
                    {
                        continue;
                    }

                    if (!supportedExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
                    {
                        skipped.Add(file);
                    }
                    else if (seen.Add(Path.GetFullPath(file)))
                    {
                        files.Add(file);
                    }
                }
            }
            else
            {
                errors.Add(new IngestErrorJson(path, "no such file or folder. Check the path."));
            }
        }

        return new IngestPlan(files, skipped, errors);
    }
}

/// <summary>What an ingest will read, skip, and could not find.</summary>
internal sealed record IngestPlan(IReadOnlyList<string> Files, IReadOnlyList<string> Skipped, IReadOnlyList<IngestErrorJson> Errors);
