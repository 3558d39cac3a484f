using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace Briefer.Cli;

/// <summary>
/// A verb of the command line, one class per verb: its definition (name, arguments, options) is static, so the command
/// line parses before any host exists; an instance is made per run inside the started host, with its dependencies in
/// its constructor. Added with <see cref="VerbSetup.AddVerb{T}"/>, as bot commands are with <c>AddBotCommand&lt;T&gt;()</c>.
/// </summary>
internal interface IVerb
{
    /// <summary>The verb's command, with fresh symbols each call; <see cref="RunAsync"/> reads their values by name.</summary>
    static abstract Command Define();

    /// <summary>Runs the verb; writes through <paramref name="context"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    Task<int> RunAsync(ParseResult parseResult, VerbContext context, CancellationToken cancellationToken);
}

/// <summary>Adds <see cref="IVerb"/> classes to the command line.</summary>
internal static class VerbSetup
{
    /// <summary>
    /// Adds verb <typeparamref name="T"/>: its command runs in a started host (<see cref="VerbRunner"/>, which turns
    /// failures into one line and an exit code), with <typeparamref name="T"/> made from the host's services.
    /// </summary>
    public static Command AddVerb<T>(this Command parent, Func<ParseResult, CliSettings> settings)
        where T : class, IVerb
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(settings);
        var command = T.Define();
        command.SetAction((parseResult, cancellationToken) => VerbRunner.RunAsync(
            parseResult,
            settings(parseResult),
            (host, context) => ActivatorUtilities.CreateInstance<T>(host.Services).RunAsync(parseResult, context, cancellationToken),
            cancellationToken));
        parent.Subcommands.Add(command);
        return parent;
    }
}
