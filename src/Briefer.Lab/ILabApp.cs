using System.CommandLine;
using Briefer.Core.Answering;
using Microsoft.Extensions.Hosting;

namespace Briefer.Cli;

/// <summary>
/// What the lab's verbs (eval, train, bench) take from the application that hosts them: its host, and the verbs they
/// measure exactly as a user runs them. The app implements it; the lab never references the app, so nothing the bot
/// or the serving path loads depends on the lab.
/// </summary>
internal interface ILabApp
{
    /// <summary>Runs <paramref name="verb"/> in a started host built from <paramref name="settings"/>, failures turned into one line and an exit code.</summary>
    Task<int> RunVerbAsync(ParseResult parseResult, CliSettings settings, Func<IHost, VerbContext, Task<int>> verb, CancellationToken cancellationToken);

    /// <summary>Builds and starts the app's host for <paramref name="settings"/> (the caller stops and disposes it).</summary>
    Task<IHost> StartHostAsync(CliSettings settings, CancellationToken cancellationToken);

    /// <summary><c>briefer ingest PATHS</c> in <paramref name="host"/>, printing through <paramref name="context"/>.</summary>
    /// <param name="sourceName">The source each file is stored under, given its real path; the real path when null.</param>
    Task<int> IngestAsync(IHost host, VerbContext context, IReadOnlyList<string> paths, CancellationToken cancellationToken, Func<string, string>? sourceName = null);

    /// <summary><c>briefer ask QUESTION</c> in <paramref name="host"/>, printing through <paramref name="context"/>.</summary>
    Task<int> AskAsync(IHost host, VerbContext context, string question, CancellationToken cancellationToken);

    /// <summary>The configured automatic-answer threshold (<c>AutoAnswer:MinConfidence</c>) of <paramref name="host"/>.</summary>
    double AutoAnswerThreshold(IHost host);

    /// <summary>Whether the bot's automatic path would post <paramref name="answer"/> at <paramref name="threshold"/>.</summary>
    bool WouldAutoPost(Answer answer, double threshold);
}
