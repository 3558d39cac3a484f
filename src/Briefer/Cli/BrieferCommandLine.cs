using System.CommandLine;
using Briefer.Core.Documents;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary>The command line: one System.CommandLine verb per thing a user does.</summary>
internal static class BrieferCommandLine
{
    public static RootCommand Create()
    {
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Where Briefer keeps its data (overrides BRIEFER_DATA_DIR and Store:DataDirectory).",
            Recursive = true,
        };
        var scope = new Option<string>("--scope")
        {
            Description = "The scope to work in: a Discord guild id, or 'local'.",
            DefaultValueFactory = _ => ScopeId.Local.Value,
            Recursive = true,
        };
        scope.Validators.Add(result =>
        {
            if (!ScopeId.TryParse(result.GetValueOrDefault<string>(), out _, out var error))
            {
                result.AddError(error!);
            }
        });
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON (see the README for the shapes).", Recursive = true };

        var root = new RootCommand("Briefer: answers from your documents, every claim cited.");
        root.Options.Add(dataDir);
        root.Options.Add(scope);
        root.Options.Add(json);

        static Visibility? ParseVisibility(string? text) => text is null ? null : Visibility.TryParse(text, out var parsed, out _) ? parsed : null;

        CliSettings Settings(ParseResult r) => new(r.GetValue(dataDir), new ScopeId(r.GetValue(scope)!), r.GetValue(json));

        var paths = new Argument<string[]>("paths") { Description = "Files, folders (read recursively) or web addresses (https://…) to load: .txt, .md, .html, .pdf, .docx.", Arity = ArgumentArity.OneOrMore };
        var prune = new Option<bool>("--prune") { Description = "Also remove documents loaded from these folders whose files are gone." };
        var visibleTo = new Option<string?>("--visible-to")
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
        var ingest = new Command("ingest", "Load documents into the scope; unchanged documents are left as they are.") { paths, prune, visibleTo };
        ingest.SetAction((r, ct) => VerbRunner.RunAsync(r, Settings(r), (h, c) => IngestVerb.RunAsync(h, c, r.GetValue(paths)!, ct, r.GetValue(prune), ParseVisibility(r.GetValue(visibleTo))), ct));

        var documentId = new Argument<string?>("document-id") { Description = "The id shown by 'sources'.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Remove every document of the scope (needs --scope, so a whole scope is never emptied by accident)." };
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
            else if (!hasId && result.GetResult(scope) is null or { Implicit: true })
            {
                result.AddError("--all empties a whole scope: name it with --scope (for example --scope demo, or --scope local for your own documents).");
            }
        });
        forget.SetAction((r, ct) => VerbRunner.RunAsync(
            r,
            Settings(r),
            (h, c) => r.GetValue(all) ? QueryVerbs.ForgetAllAsync(h, c, ct) : QueryVerbs.ForgetAsync(h, c, r.GetValue(documentId)!, ct),
            ct));

        var samples = new Option<string?>("--samples") { Description = "The folder of documents to load (default: the bundled samples)." };
        var demoQuestion = new Option<string>("--question") { Description = "The question to ask.", DefaultValueFactory = _ => DemoVerb.DefaultQuestion };
        var demo = new Command("demo", $"Load the sample documents into scope '{DemoVerb.Scope}' (apart from your own) and ask a question about them.") { samples, demoQuestion };
        demo.SetAction((r, ct) =>
        {
            // The demo works in a scope of its own unless --scope names another.
            var settings = r.GetResult(scope) is null or { Implicit: true } ? Settings(r) with { Scope = DemoVerb.Scope } : Settings(r);
            return VerbRunner.RunAsync(r, settings, (h, c) => DemoVerb.RunAsync(h, c, r.GetValue(samples), r.GetValue(demoQuestion)!, ct), ct);
        });

        var run = new Command("run", "Run the Discord bot (needs DISCORD_TOKEN); it answers from the same data directory.");
        run.SetAction((r, ct) => RunVerb.RunAsync(Settings(r), r.InvocationConfiguration.Error, ct));

        var live = new Option<bool>("--live") { Description = "Only whether 'run' is alive (its health file is fresh), starting or not: for liveness probes." };
        var health = new Command("health", $"Report whether a running bot is healthy (from the health file 'run' keeps); exit 0 when it is, {ExitCodes.Starting} while it is starting.") { live };
        health.SetAction((r, ct) => HealthVerb.RunAsync(Settings(r), r.GetValue(live), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, TimeProvider.System, ct));

        var forBot = new Option<bool>("--bot") { Description = "Also require what 'run' needs: a Discord token that Discord accepts." };
        var doctor = new Command("doctor", "Check the settings, data directory, store, model, Discord token and model endpoint; one line per check with what to do.") { forBot };
        doctor.SetAction((r, ct) => Doctor.DoctorVerb.RunAsync(Settings(r), r.GetValue(forBot), r.InvocationConfiguration.Output, ct));

        root.Subcommands.Add(ingest);
        root.AddVerb<SyncVerb>(Settings);
        root.AddVerb<AskVerb>(Settings);
        root.AddVerb<BriefVerb>(Settings);
        root.AddVerb<DigestVerb>(Settings);
        root.AddVerb<SourcesVerb>(Settings);
        root.Subcommands.Add(forget);
        root.AddVerb<InsightsVerb>(Settings);
        root.AddVerb<AutoAnswerVerb>(Settings);
        foreach (var command in new[] { demo, run, health, doctor })
        {
            root.Subcommands.Add(command);
        }

        root.AddLabVerbs(Settings, LabVerbs.Instance);

        return root;
    }

    /// <summary>Parses and runs; a command line that does not parse exits with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var result = Create().Parse(args);
        var exitCode = await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return result.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }
}
