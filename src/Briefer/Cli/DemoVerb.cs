using System.CommandLine;
using System.CommandLine.Parsing;
using Briefer.Core;
using Briefer.Core.Documents;
using Briefer.Core.Ingestion;
using Briefer.Core.Storage;
using Briefer.Sources;
using Microsoft.Extensions.Options;

namespace Briefer.Cli;

/// <summary>
/// <c>briefer demo</c>: the quick start in one verb — load the sample documents into a scope of their own
/// (<see cref="Scope"/>, never the user's <c>local</c>, unless <c>--scope</c> names another), ask a question about them,
/// and say how to remove them. It runs the <c>ingest</c> and <c>ask</c> verbs themselves.
/// </summary>
internal sealed class DemoVerb(IBriefingService briefing, DocumentLoader loader, WebPageFetcher fetcher, IOptions<StoreOptions> store) : IVerb
{
    private const string Samples = "--samples";
    private const string Question = "--question";

    public const string DefaultQuestion = "Why did the US call off the second strike?";

    /// <summary>The demo's own scope, so the samples never mix with the user's documents.</summary>
    public static readonly ScopeId Scope = new("demo");

    public static Command Define() => new("demo", $"Load the sample documents into scope '{Scope}' (apart from your own) and ask a question about them.")
    {
        new Option<string?>(Samples) { Description = "The folder of documents to load (default: the bundled samples)." },
        new Option<string>(Question) { Description = "The question to ask.", DefaultValueFactory = _ => DefaultQuestion },
    };

    /// <summary>The demo works in a scope of its own unless <c>--scope</c> names another.</summary>
    public static CliSettings SettingsFor(ParseResult parseResult, CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(settings);
        return parseResult.GetResult(BrieferCommandLine.ScopeOption) is OptionResult { Implicit: false } given && given.GetValueOrDefault<string>() is { } named
            ? settings with { Scope = new ScopeId(named) }
            : settings with { Scope = Scope };
    }

    public Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return RunAsync(context, parseResult.GetValue<string?>(Samples), parseResult.GetValue<string>(Question)!, cancellationToken);
    }

    private async Task<int> RunAsync(VerbContext context, string? samples, string question, CancellationToken cancellationToken)
    {
        var folder = samples ?? FindSamples();
        if (folder is null)
        {
            return context.Fail(ExitCodes.Failed, "Could not find the samples folder next to the program or in the current folder. Pass one with --samples <folder>.");
        }

        var scope = context.Settings.Scope;
        var text = !context.Settings.Json;
        if (text)
        {
            context.Output.WriteLine($"Loading the sample documents from {folder} into scope '{scope}'{(scope == ScopeId.Local ? string.Empty : " (kept apart from your own documents)")}…");
        }

        var quiet = context with { Settings = context.Settings with { Json = false }, Output = text ? context.Output : TextWriter.Null };
        var ingested = await new IngestVerb(briefing, loader, fetcher).IngestAsync(quiet, [folder], cancellationToken, sourceName: SampleName(folder)).ConfigureAwait(false);
        if (text)
        {
            context.Output.WriteLine();
            context.Output.WriteLine($"Q: {question}");
            context.Output.WriteLine();
        }

        var asked = await new AskVerb(briefing).AskAsync(context, question, cancellationToken).ConfigureAwait(false);
        if (text)
        {
            var where = store.Value.Uses(DocumentStoreSetup.Sqlite) ? $"the data directory {store.Value.DataDirectory}" : "the Qdrant store";
            var command = SourceCheckout.Command;
            var option = (scope == ScopeId.Local ? string.Empty : $" --scope {scope}")
                + (context.Settings.DataDirectory is { } dir ? $" --data-dir {(dir.Contains(' ', StringComparison.Ordinal) ? $"\"{dir}\"" : dir)}" : string.Empty);
            context.Output.WriteLine();
            context.Output.WriteLine($"The sample documents stay in scope '{scope}' of {where}.");
            context.Output.WriteLine($"  Ask more:     {command} ask{option} \"What did Spain say about the prisoners?\"");
            context.Output.WriteLine($"  Remove them:  {command} forget{option} --all");
        }

        return ingested != ExitCodes.Ok ? ingested : asked;
    }

    /// <summary>
    /// Names each sample by its place in the samples folder (<c>samples/us-calls-off-second-strike.txt</c>), not by where
    /// that folder is: the clone's samples and the installed tool's copy are then the same documents, and a second demo
    /// from either leaves one copy of each.
    /// </summary>
    internal static Func<string, string> SampleName(string folder)
    {
        var root = Sources.LocalFiles.RealPath(folder);
        return realPath => "samples/" + Path.GetRelativePath(root, realPath).Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// After <c>demo</c>, a newcomer's next <c>ask</c> often lands in the empty <c>local</c> scope: say where the
    /// samples are. <paramref name="documentsInScope"/> is -1 when the scope was not found empty.
    /// </summary>
    public static async Task PointToDemoWhenEmptyAsync(IBriefingService service, VerbContext context, int documentsInScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(context);
        if (documentsInScope != 0 || context.Settings.Scope == Scope)
        {
            return;
        }

        var demo = await service.ListSourcesAsync(Scope, cancellationToken).ConfigureAwait(false);
        if (demo.Count > 0)
        {
            context.Output.WriteLine($"(The demo's {demo.Count} sample documents are in scope '{Scope}': add --scope {Scope} to use them.)");
        }
    }

    /// <summary>
    /// The samples to load: the repository's <c>samples/</c> when this is a build inside a clone (so sources name the
    /// repository's files, not copies in <c>bin/</c>), else the copy installed next to the program, else <c>./samples</c>.
    /// </summary>
    internal static string? FindSamples()
    {
        var candidates = new List<string>();
        if (SourceCheckout.RepositoryRoot is { } root)
        {
            candidates.Add(Path.Combine(root, "samples"));
        }

        candidates.Add(Path.Combine(AppContext.BaseDirectory, "samples"));
        candidates.Add(Path.Combine(Directory.GetCurrentDirectory(), "samples"));
        return candidates.FirstOrDefault(Directory.Exists);
    }
}
