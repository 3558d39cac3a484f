using System.CommandLine;
using Briefer.Cli.Bench;
using Briefer.Cli.Eval;
using Briefer.Cli.Train;

namespace Briefer.Cli;

/// <summary>Adds the lab's verbs to the command line: <c>eval</c>, <c>bench</c> and <c>train</c>.</summary>
internal static class LabSetup
{
    public static Command AddLabVerbs(this Command root, Func<ParseResult, CliSettings> settings, ILabApp app)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(app);
        root.Subcommands.Add(EvalCommand.Create(settings, app));
        root.Subcommands.Add(BenchCommand.Create(settings, app));
        root.Subcommands.Add(TrainCommand.Create(settings, app));
        return root;
    }
}
