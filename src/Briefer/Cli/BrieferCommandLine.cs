using System.CommandLine;
using System.CommandLine.Parsing;
using Briefer.Core.Documents;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary>The command line: one System.CommandLine verb per thing a user does.</summary>
internal static class BrieferCommandLine
{
    /// <summary>The global <c>--scope</c> option's name, for verbs that check whether it was given.</summary>
    public const string ScopeOption = "--scope";

    public static RootCommand Create()
    {
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Where Briefer keeps its data (overrides BRIEFER_DATA_DIR and Store:DataDirectory).",
            Recursive = true,
        };
        var scope = new Option<string>(ScopeOption)
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
        // The demo works in its own scope unless told otherwise, and its --help says so.
        var demoScope = new Option<string>(ScopeOption)
        {
            Description = scope.Description,
            DefaultValueFactory = _ => DemoVerb.Scope.Value,
        };
        foreach (var validator in scope.Validators)
        {
            demoScope.Validators.Add(validator);
        }

        var json = new Option<bool>(JsonOption) { Description = "Print machine-readable JSON (see the README for the shapes).", Recursive = true };

        var root = new RootCommand("Briefer: answers from your documents, every claim cited.");
        root.Options.Add(dataDir);

        // A verb without --scope or --json reads the defaults: the local scope, text.
        CliSettings Settings(ParseResult r) => new(
            r.GetValue(dataDir),
            r.GetResult(scope) is null ? ScopeId.Local : new ScopeId(r.GetValue(scope)!),
            r.GetResult(json) is not null && r.GetValue(json));

        var run = new Command("run", "Run the Discord bot (needs DISCORD_TOKEN); it answers from the same data directory.");
        run.SetAction((r, ct) => RunVerb.RunAsync(Settings(r), r.InvocationConfiguration.Error, ct));

        var live = new Option<bool>("--live") { Description = "Only whether 'run' is alive (its health file is fresh), starting or not: for liveness probes." };
        var health = new Command("health", $"Report whether a running bot is healthy (from the health file 'run' keeps); exit 0 when it is, {ExitCodes.Starting} while it is starting.") { live };
        health.SetAction((r, ct) => HealthVerb.RunAsync(Settings(r), r.GetValue(live), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, TimeProvider.System, ct));

        var forBot = new Option<bool>("--bot") { Description = "Also require what 'run' needs: a Discord token that Discord accepts." };
        var doctor = new Command("doctor", "Check the settings, data directory, store, model, Discord token and model endpoint; one line per check with what to do.") { forBot };
        doctor.SetAction((r, ct) => Doctor.DoctorVerb.RunAsync(Settings(r), r.GetValue(forBot), r.InvocationConfiguration.Output, ct));

        root.AddVerb<IngestVerb>(Settings);
        root.AddVerb<SyncVerb>(Settings);
        root.AddVerb<AskVerb>(Settings);
        root.AddVerb<BriefVerb>(Settings);
        root.AddVerb<DigestVerb>(Settings);
        root.AddVerb<SourcesVerb>(Settings);
        root.AddVerb<ForgetVerb>(Settings);
        root.AddVerb<InsightsVerb>(Settings);
        root.AddVerb<AutoAnswerVerb>(Settings);
        root.AddVerb<DemoVerb>(r => DemoVerb.SettingsFor(r, Settings(r)));
        foreach (var command in new[] { run, health, doctor })
        {
            root.Subcommands.Add(command);
        }

        root.AddLabVerbs(Settings, LabVerbs.Instance);

        // --data-dir applies to every verb; --scope and --json only to the verbs that read them (their --help lists them).
        foreach (var command in root.Subcommands)
        {
            if (ScopedVerbs.Contains(command.Name))
            {
                command.Options.Add(command.Name == "demo" ? demoScope : scope);
            }

            if (!TextOnlyVerbs.Contains(command.Name))
            {
                command.Options.Add(json);
            }
        }

        return root;
    }

    /// <summary>The verbs that work in one scope (<c>run</c> serves every scope, <c>health</c> the running bot, <c>autoanswer</c> names its guild).</summary>
    private static readonly HashSet<string> ScopedVerbs =
        ["ingest", "sync", "ask", "brief", "digest", "sources", "forget", "insights", "demo", "doctor", "eval", "bench", "train"];

    /// <summary>The verbs with no machine-readable output.</summary>
    private static readonly HashSet<string> TextOnlyVerbs = ["run"];

    /// <summary>The <c>--json</c> option's name.</summary>
    public const string JsonOption = "--json";

    /// <summary>
    /// Parses and runs; a command line that does not parse exits with <see cref="ExitCodes.Usage"/>, its errors as
    /// <c>{"error": "…"}</c> on standard output when <c>--json</c> was asked for (as every verb's own failures).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = Create().Parse(args);
        if (UnknownOptionTakenAsArgument(result) is { } unknown)
        {
            // System.CommandLine hands an unknown "--option" to a verb's argument when one can take it
            // (ingest would look for a file named "--bogus" and exit 1): it is a usage error like any unknown option.
            return await UsageErrorAsync($"Unrecognized option '{unknown}' (to name a file or question that starts with '-', put it after --).", result, args, configuration).ConfigureAwait(false);
        }

        // A verb's usage error is its message and where the help is, in one line (the whole help after it would bury
        // the message); only a bare `briefer` with no verb gets the help itself.
        if (result.Errors.Count > 0 && (AsksForJson(args) || result.CommandResult.Command is not RootCommand))
        {
            var message = string.Join(" ", result.Errors.Select(e => OneLine(e.Message)).Distinct(StringComparer.Ordinal));
            return await UsageErrorAsync(message, result, args, configuration).ConfigureAwait(false);
        }

        var exitCode = await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        return result.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }

    /// <summary>A usage error in one line with where the verb's help is: <c>{"error": …}</c> on standard output under --json, else on standard error.</summary>
    private static async Task<int> UsageErrorAsync(string message, ParseResult result, string[] args, InvocationConfiguration? configuration)
    {
        var hint = $"{message} See: {SourceCheckout.Command} {CommandPath(result)}--help";
        if (AsksForJson(args))
        {
            await (configuration?.Output ?? Console.Out).WriteLineAsync(ErrorJson.Serialize(new ErrorJson(hint))).ConfigureAwait(false);
        }
        else
        {
            await (configuration?.Error ?? Console.Error).WriteLineAsync(hint).ConfigureAwait(false);
        }

        return ExitCodes.Usage;
    }

    /// <summary>
    /// The first token that looks like an option ("-x", "--bogus") but was taken as a verb's argument, before any
    /// <c>--</c> that ends the options; null when there is none. Negative numbers and text with spaces are arguments.
    /// </summary>
    private static string? UnknownOptionTakenAsArgument(ParseResult result)
    {
        var doubleDash = -1;
        for (var i = 0; i < result.Tokens.Count; i++)
        {
            if (result.Tokens[i].Type == TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }

        foreach (var argument in result.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens)
            {
                // A quoted question with spaces ("--port default?") is never an option.
                if (token.Value.Length < 2 || token.Value[0] != '-' || token.Value.Any(char.IsWhiteSpace)
                    || double.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    continue;
                }

                var index = -1;
                for (var i = 0; i < result.Tokens.Count; i++)
                {
                    if (ReferenceEquals(result.Tokens[i], token))
                    {
                        index = i;
                        break;
                    }
                }

                if (doubleDash < 0 || (index >= 0 && index < doubleDash))
                {
                    return token.Value;
                }
            }
        }

        return null;
    }

    /// <summary>A parser message on one line ("Must be one of:\n\t'add'\n\t'list'" → "Must be one of: 'add', 'list'").</summary>
    private static string OneLine(string message)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length <= 1 ? message.Trim() : lines[0] + " " + string.Join(", ", lines.Skip(1));
    }

    /// <summary>Whether <c>--json</c> is among the options (before a <c>--</c> that ends them), parsed or not.</summary>
    private static bool AsksForJson(string[] args) =>
        args.TakeWhile(a => a != "--").Any(a => a == JsonOption || a.StartsWith(JsonOption + "=", StringComparison.Ordinal) || a.StartsWith(JsonOption + ":", StringComparison.Ordinal));

    /// <summary>"ask " for <c>briefer ask …</c>: the verbs the parser recognised, for the help hint.</summary>
    private static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var command = result.CommandResult; command.Parent is CommandResult parent; command = parent)
        {
            names.Insert(0, command.Command.Name);
        }

        return names.Count == 0 ? string.Empty : string.Join(' ', names) + " ";
    }
}
