using System.CommandLine;
using Briefer.AutoAnswers;
using Briefer.Core.Answering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Briefer.Cli;

/// <summary>
/// The app's side of the lab (<see cref="ILabApp"/>): the eval, train and bench verbs run in the app's host and measure
/// its own <c>ingest</c> and <c>ask</c> and the bot's automatic-answer decision. The only place the app uses the lab.
/// </summary>
internal sealed class LabVerbs : ILabApp
{
    public static readonly LabVerbs Instance = new();

    private LabVerbs()
    {
    }

    public Task<int> RunVerbAsync(ParseResult parseResult, CliSettings settings, Func<IHost, VerbContext, Task<int>> verb, CancellationToken cancellationToken) =>
        VerbRunner.RunAsync(parseResult, settings, verb, cancellationToken);

    public Task<IHost> StartHostAsync(CliSettings settings, CancellationToken cancellationToken) => BrieferHost.StartAsync(settings, cancellationToken);

    public Task<int> IngestAsync(IHost host, VerbContext context, IReadOnlyList<string> paths, CancellationToken cancellationToken, Func<string, string>? sourceName = null) =>
        IngestVerb.RunAsync(host, context, paths, cancellationToken, sourceName: sourceName);

    public Task<int> AskAsync(IHost host, VerbContext context, string question, CancellationToken cancellationToken) =>
        ActivatorUtilities.CreateInstance<AskVerb>(host.Services).AskAsync(context, question, cancellationToken);

    public double AutoAnswerThreshold(IHost host) => host.Services.GetRequiredService<IOptions<AutoAnswerOptions>>().Value.MinConfidence;

    public bool WouldAutoPost(Answer answer, double threshold) => AutoAnswerDecision.Decide(answer, threshold) == AutoAnswerVerdict.Post;
}
